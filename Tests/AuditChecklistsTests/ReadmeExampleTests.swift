import AuditChecklists
import AuditModel
import AuditTestSupport
import Foundation
import Testing

/// The examples in `checklists/README.md` must stay valid checklists.
@Suite struct ReadmeExampleTests {
    static func yamlBlocks() throws -> [String] {
        let path = Fixture.packageRoot + "/checklists/README.md"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "```yaml" {
                current = []
            } else if line == "```", let block = current {
                blocks.append(block.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func everyYAMLExampleValidates() throws {
        let blocks = try Self.yamlBlocks()
        #expect(blocks.count == 3)
        let folder = TemporaryDirectory()
        for (index, block) in blocks.enumerated() {
            let path = folder.write("example-\(index).yaml", block)
            let validation = try ChecklistCatalog(folder: nil, files: [path]).validate(path: path)
            #expect(validation.checklist != nil, "\(validation.diagnostics.map(\.description))")
            #expect(!validation.diagnostics.contains { $0.severity == .error })
        }
    }
}
