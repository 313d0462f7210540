import AuditChecklists
import FuzzSupport

// The checklist YAML reader and validator, as `checklist validate FILE` runs them.
private let path = FuzzInput.path(".yaml")

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzChecklist_main")
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
    if let catalog = try? ChecklistCatalog(files: [path]) {
        _ = try? catalog.validate(path: path)
    }
    return 0
}
