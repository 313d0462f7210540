import AuditChecklists
import FuzzSupport

// The checklist YAML reader and validator, as `checklist validate FILE` runs them.

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzChecklist_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.run(argc, argv, file: ".yaml") { path in
        _ = try? ChecklistCatalog(files: [path]).validate(path: path)
    }
}
