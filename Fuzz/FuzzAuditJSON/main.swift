import AuditStore
import Foundation
import FuzzSupport

// `init --from-json`: the JSON reader and the rebuild of an audit file from what it reads.

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzAuditJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.run(argc, argv, file: ".json") { path in
        let audit = path + ".qmsaudit"
        try? FileManager.default.removeItem(atPath: audit)
        _ = try? AuditFile.create(at: audit, fromJSON: path)
        try? FileManager.default.removeItem(atPath: audit)
    }
}
