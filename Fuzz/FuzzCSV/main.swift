import CSVImporter
import FuzzSupport
import ImportKit

// The CSV reader with encoding detection, header mapping and every row's checks.

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzCSV_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.run(argc, argv, file: ".csv") { path in
        _ = try? CSVEvidenceImporter().read(
            ImportRequest(source: path, checklist: FuzzInput.checklist))
    }
}
