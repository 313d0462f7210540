import Foundation
import FuzzSupport

@testable import ProcessImporter

// The JSON Lines a plugin writes, as the plugin importer reads them.

/// The entry point SwiftPM links this executable with; it hands over to libFuzzer.
@_cdecl("FuzzPlugin_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
    -> CInt
{
    FuzzInput.run(argc, argv) { bytes in
        _ = PluginEvidenceImporter().parse(
            Data(bytes), plugin: "fuzz", sourceName: "plugin:fuzz", checklist: FuzzInput.checklist)
    }
}
