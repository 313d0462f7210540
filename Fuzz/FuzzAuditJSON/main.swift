import AuditStore
import Foundation
import FuzzSupport

// `init --from-json`: the JSON reader and the rebuild of an audit file from what it reads.
private let path = FuzzInput.path(".json")
private let audit = FuzzInput.path(".qmsaudit")

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzAuditJSON_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.main(argc, argv) { start, count in
        guard let start else { return 0 }
        return fuzz(start, count)
    }
}

private func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzInput.write(start, count, to: path)
    try? FileManager.default.removeItem(atPath: audit)
    _ = try? AuditFile.create(at: audit, fromJSON: path)
    try? FileManager.default.removeItem(atPath: audit)
    return 0
}
