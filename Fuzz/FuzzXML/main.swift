import FuzzSupport
import ImportKit
import XMLImporter

// The streaming XML record scanner, with the bundled document-register profile.
private let path = FuzzInput.path(".xml")

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzXML_main")
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
    _ = try? XMLEvidenceImporter().read(
        ImportRequest(
            source: path, checklist: FuzzInput.checklist,
            options: ImportOptions(["profile": ["document-register"]])))
    return 0
}
