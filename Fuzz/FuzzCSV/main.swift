import CSVImporter
import FuzzSupport
import ImportKit

// The CSV reader with encoding detection, header mapping and every row's checks.
private let path = FuzzInput.path(".csv")

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzCSV_main")
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
    _ = try? CSVEvidenceImporter().read(
        ImportRequest(source: path, checklist: FuzzInput.checklist, options: ImportOptions()))
    return 0
}
