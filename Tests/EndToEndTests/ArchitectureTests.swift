import AuditTestSupport
import Foundation
import Testing

/// The layers the design names, checked on the sources: a tuning trick or an importer's name
/// in the wrong place fails here, not in review.
@Suite struct ArchitectureTests {
    static func sources(in folder: String) throws -> [(path: String, text: String)] {
        let root = Fixture.packageRoot + "/" + folder
        let names = try #require(FileManager.default.subpathsOfDirectory(atPath: root) as [String]?)
        return try names.filter { $0.hasSuffix(".swift") }.sorted().map {
            ($0, try String(contentsOfFile: root + "/" + $0, encoding: .utf8))
        }
    }

    /// AuditModel holds domain values only: no pointers, no tuning attributes.
    @Test func theModelHoldsDomainValuesOnly() throws {
        for (path, text) in try Self.sources(in: "Sources/AuditModel") {
            for word in [
                "Unsafe", "@exclusivity", "@_specialize", "import Glibc", "import Foundation",
            ]
            where text.contains(word) {
                Issue.record("Sources/AuditModel/\(path) uses '\(word)'")
            }
        }
    }

    /// The command layer names no importer: each comes from the registry with its options.
    @Test func theCommandLayerNamesNoImporter() throws {
        for (path, text) in try Self.sources(in: "Sources/AuditCommands") {
            for name in ["csv", "xlsx", "xml", "dir", "plugin"] where text.contains("\"\(name)\"") {
                Issue.record("Sources/AuditCommands/\(path) names the importer \"\(name)\"")
            }
        }
    }

    /// The store never reaches up: not to the commands, not to the session that drives it.
    @Test func theStoreImportsNothingAboveIt() throws {
        for (path, text) in try Self.sources(in: "Sources/AuditStore") {
            for module in ["AuditCommands", "ImportSession", "ImportKit", "ArgumentParser"]
            where text.contains("import \(module)") {
                Issue.record("Sources/AuditStore/\(path) imports \(module)")
            }
        }
    }
}
