import FuzzSupport
import ImportKit
import XLSXImporter

// The workbook reader: the ZIP, the workbook and its relationships, shared strings, the sheet.

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzXLSX_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.run(argc, argv, file: ".xlsx") { path in
        _ = try? XLSXEvidenceImporter().read(
            ImportRequest(source: path, checklist: FuzzInput.checklist))
    }
}
