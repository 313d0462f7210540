import AuditReport
import FuzzSupport

// `pack verify` on a ZIP: the central directory, names, the manifest and every file's hash.
private let path = FuzzInput.path(".zip")

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzPack_main")
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
    _ = try? PackVerifier.verify(path: path, chainProblem: { _, _ in nil })
    return 0
}
