import CSVImporter
import DirectoryImporter
public import ImportKit
import ProcessImporter
import SafetyCultureImporter
import XLSXImporter
import XMLImporter

/// The importers qmsaudit offers, by the name used on the command line.
///
/// A new importer is a new folder under `importers/` (a target in Package.swift) and one line
/// in `bundled`; the command line offers it as `qmsaudit import NAME` with its own options.
public struct ImporterRegistry: Sendable {
    /// The importers, in the order help lists them.
    public var importers: [any EvidenceImporter.Type]

    /// A registry of `importers`.
    public init(importers: [any EvidenceImporter.Type]) {
        self.importers = importers
    }

    /// Every importer built into qmsaudit.
    public static let bundled = ImporterRegistry(importers: [
        CSVEvidenceImporter.self,
        XLSXEvidenceImporter.self,
        XMLEvidenceImporter.self,
        DirectoryEvidenceImporter.self,
        PluginEvidenceImporter.self,
        SafetyCultureImporter.self,
    ])

    /// The registry the command line offers: `bundled`, or, for a program that embeds qmsaudit
    /// (a test), one with importers of its own (`ImporterRegistry.$current.withValue`).
    @TaskLocal public static var current = bundled

    /// The importers' names, in order.
    public var names: [String] {
        importers.map { importer in importer.name }
    }

    /// The importer called `name`, or `nil`.
    public func importer(named name: String) -> (any EvidenceImporter.Type)? {
        importers.first { $0.name == name }
    }

    /// This registry and `importer`, after the others.
    public func adding(_ importer: any EvidenceImporter.Type) -> ImporterRegistry {
        ImporterRegistry(importers: importers + [importer])
    }
}
