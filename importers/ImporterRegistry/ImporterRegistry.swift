import CSVImporter
import DirectoryImporter
public import ImportKit
import ProcessImporter

/// Every importer qmsaudit offers.
///
/// A new importer is a new folder under `importers/` (a target in Package.swift) and one line
/// here.
public enum ImporterRegistry {
    /// The importers, by the name used on the command line.
    public static let importers: [any EvidenceImporter.Type] = [
        CSVEvidenceImporter.self,
        DirectoryEvidenceImporter.self,
        PluginEvidenceImporter.self,
    ]

    /// The importers' names, in registry order.
    public static var names: [String] {
        importers.map { importer in importer.name }
    }

    /// The importer called `name`, or `nil`.
    public static func importer(named name: String) -> (any EvidenceImporter)? {
        importers.first { $0.name == name }.map { $0.init() }
    }
}
