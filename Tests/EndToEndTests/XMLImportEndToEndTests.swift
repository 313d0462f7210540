import AuditTestSupport
import Foundation
import Testing

/// XML imports as a user runs them: everything on stderr is qmsaudit's own, never libxml2's
/// (which would print `file:2: parser error : …` lines if left to itself).
@Suite struct XMLImportEndToEndTests {
    @Test func libxml2NeverPrintsAndNothingIsImported() throws {
        let folder = TemporaryDirectory()
        let audit = try AuditFileEndToEndTests.initAudit(in: folder)
        let cases: [(name: String, xml: String, expected: String)] = [
            (
                "broken.xml", "<documentRegister>\n<document><title>A</titel></document>\n",
                "broken.xml:2:27: error: Opening and ending tag mismatch: title line 2 and titel"
            ),
            (
                "entities.xml",
                "<?xml version=\"1.0\"?>\n<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<r><document><title>&x;</title></document></r>\n",
                "error: the document declares or uses entities"
            ),
            (
                "laughs.xml",
                "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]><l><document><title>&b;</title></document></l>",
                "error:"
            ),
        ]
        for (name, xml, expected) in cases {
            let path = folder.write(name, xml)
            let result = try Binary.run([
                "import", "xml", path, "--profile", "document-register", "--audit", audit,
            ])
            #expect(result.status == 2, "\(name)")
            #expect(result.stderr.contains(expected), "\(name): \(result.stderr)")
            #expect(!result.stderr.contains("parser error"), "\(name): \(result.stderr)")
            #expect(!result.stderr.contains("root:x:0:0"), "\(name)")
            #expect(!result.stderr.contains("error : "), "\(name): libxml2's own format")
        }
        let list = try Binary.run(["evidence", "list", "--format", "csv", "--audit", audit])
        #expect(list.stdout.split(separator: "\n").count == 1, "\(list.stdout)")  // the header only
    }
}
