import Foundation
import FuzzSupport

@testable import ProcessImporter

// The JSON Lines a plugin writes, as the plugin importer reads them.
/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzPlugin_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.main(argc, argv) { start, count in
        guard let start else { return 0 }
        return fuzz(start, count)
    }
}

private func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    _ = PluginEvidenceImporter().parse(
        Data(bytes: start, count: count), plugin: "fuzz", sourceName: "plugin:fuzz",
        checklist: FuzzInput.checklist)
    return 0
}
