import FuzzSupport
import ImportKit
import XMLImporter

// The streaming XML record scanner, with the bundled document-register profile.

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzXML_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.run(argc, argv, file: ".xml") { path in
        _ = try? XMLEvidenceImporter().read(
            ImportRequest(
                source: path, checklist: FuzzInput.checklist,
                options: ImportOptions(["profile": ["document-register"]])))
    }
}
