import FuzzSupport
import ImportKit
import XLSXImporter

// The workbook reader: the ZIP, the workbook and its relationships, shared strings, the sheet.
private let path = FuzzInput.path(".xlsx")

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzXLSX_main")
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
    _ = try? XLSXEvidenceImporter().read(
        ImportRequest(source: path, checklist: FuzzInput.checklist, options: ImportOptions()))
    return 0
}
