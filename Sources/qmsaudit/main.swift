import AuditCommands
import Foundation

exit(await QMSAuditMain.run(Array(CommandLine.arguments.dropFirst())))
