import ArgumentParser
import AuditModel
import PostgresProgramme

/// `qmsaudit programme sql --roles`: the SQL a DBA runs for a shared programme.
struct ProgrammeSQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Print the SQL that sets up a shared programme's database roles.",
        discussion: """
            For a programme on PostgreSQL. The roles are enforced by the server, not only by \
            qmsaudit: qms_reader reads every view, qms_auditor also attaches the audit files \
            of audits they lead or are on the team of and moves on the corrective actions they \
            own or hold an action of, qms_manager also plans (processes, auditors, planned \
            audits, certification dates), assigns and closes corrective actions. Which person \
            each login is goes in the table qms_login. Run the SQL as the database's owner, \
            after 'programme init' made the tables (and again after qmsaudit upgraded them), \
            then grant people a role.

            Examples:
              qmsaudit programme sql --roles | psql postgresql://owner@db.example/qms
              psql postgresql://owner@db.example/qms -c 'GRANT qms_auditor TO alice'
            """)

    @Flag(help: "The roles and their grants.")
    var roles = false

    func validate() throws {
        if !roles { throw ValidationError("say what to print: --roles") }
    }

    func run() throws {
        Console.write(PostgresRoles.sql)
    }
}
