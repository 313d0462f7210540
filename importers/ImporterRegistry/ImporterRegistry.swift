import CSVImporter
import DirectoryImporter
import Foundation
public import ImportKit
import MappingProfiles
import ProcessImporter
import XLSXImporter
import XMLImporter

/// Every importer qmsaudit offers.
///
/// A new importer is a new folder under `importers/` (a target in Package.swift) and one line
/// here.
public enum ImporterRegistry {
    /// The importers, by the name used on the command line.
    public static let importers: [any EvidenceImporter.Type] = [
        CSVEvidenceImporter.self,
        XLSXEvidenceImporter.self,
        XMLEvidenceImporter.self,
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

    /// The ids of the bundled mapping profiles.
    public static var profileIDs: [String] {
        BundledProfiles.files.map { ($0.name as NSString).deletingPathExtension }
    }

    /// The ids of the bundled profiles for `import csv` and `import xlsx`.
    public static var tableProfileIDs: [String] {
        profileIDs.filter { !xmlProfileIDs.contains($0) }
    }

    /// The ids of the bundled profiles for `import xml`.
    public static var xmlProfileIDs: [String] {
        BundledProfiles.files.filter { $0.text.contains("\nformat: xml") }.map {
            ($0.name as NSString).deletingPathExtension
        }
    }

    /// The mapping profile named by `reference`: a bundled profile's id, or a YAML file.
    ///
    /// - Throws: `ImportError.unreadable` for an unknown id or unreadable file,
    ///   `ImportError.invalid` with every diagnostic for a broken profile.
    public static func profile(_ reference: String) throws -> MappingProfile {
        let fields = TableImport.fields.map(\.field)
        let (path, text) = try profileSource(reference)
        let (profile, diagnostics) = MappingProfile.parse(text, path: path, fields: fields)
        guard let profile else { throw ImportError.invalid(path: path, diagnostics: diagnostics) }
        return profile
    }

    /// The text of the profile named by `reference` (a bundled id, or a YAML file) and the
    /// path its diagnostics name.
    ///
    /// - Throws: `ImportError.unreadable` for an unknown id or unreadable file.
    public static func profileSource(_ reference: String) throws -> (path: String, text: String) {
        let path: String
        let text: String
        if reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") {
            guard let contents = try? String(contentsOfFile: reference, encoding: .utf8) else {
                throw ImportError.unreadable(path: reference, reason: "cannot read the profile")
            }
            (path, text) = (reference, contents)
        } else if let bundled = BundledProfiles.files.first(where: {
            $0.name == reference + ".yaml"
        }) {
            (path, text) = ("bundled:" + bundled.name, bundled.text)
        } else {
            throw ImportError.unreadable(
                path: reference,
                reason: "no such profile; bundled profiles: "
                    + tableProfileIDs.joined(separator: ", ") + " (csv, xlsx); "
                    + xmlProfileIDs.joined(separator: ", ") + " (xml); or name a .yaml file")
        }
        return (path, text)
    }
}
