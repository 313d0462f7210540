import AuditReport
import FuzzSupport

// `pack verify` on a ZIP: the central directory, names, the manifest and every file's hash.

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzPack_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.run(argc, argv, file: ".zip") { path in
        _ = try? PackVerifier.verify(path: path, chainProblem: { _, _ in nil })
    }
}
