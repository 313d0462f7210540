import AuditReport
import AuditTestSupport
import Foundation
import Testing
import ZIPFoundation

/// `qmsaudit gaps`, `qmsaudit pack` and `qmsaudit pack verify` on the example organisation.
@Suite struct PackCommandTests {
    static let examples = Fixture.packageRoot + "/examples/acme-widgets"

    /// The demo answers and the example document folder, imported into a scratch audit.
    static func exampleAudit() async throws -> ScratchAudit {
        let audit = try await ScratchAudit.make()
        for arguments in [
            ["answer", "--from", examples + "/answers.csv"],
            ["import", "dir", examples + "/QMS", "--rules", examples + "/qms-rules.yaml"],
            ["import", "csv", examples + "/evidence-register.csv"],
        ] {
            let result = await qmsaudit(arguments + ["--audit", audit.path], input: [])
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
        }
        return audit
    }

    static func files(in folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).filter {
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: folder + "/" + $0, isDirectory: &isFolder)
            return !isFolder.boolValue
        }.sorted()
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func gapsListsWhatIsMissingInEveryFormat() async throws {
        let audit = try await Self.exampleAudit()
        let table = await audit.run("gaps", "--as-of", "2026-11-22")
        #expect(table.status == 0, "\(table.stderr)")
        #expect(
            table.stdout.contains(
                "mandatory documented information: 20 present, 2 missing,"
                    + " 2 whose condition has not arisen, 5 not applicable"))
        #expect(table.stdout.contains("Conditions that have not arisen:"))
        #expect(table.stdout.contains("8.5.3    8.5.3-2    what occurred when customer"))
        #expect(table.stdout.contains("8.5.6   8.5.6-2  retain"))
        #expect(table.stdout.contains("internal audit (9.2): 2 records on file"))
        #expect(table.stdout.contains("stale    Risk and opportunity register"))
        let strict = await audit.run("gaps", "--strict")
        #expect(strict.status == 1)
        let csv = await audit.run("gaps", "--format", "csv")
        #expect(csv.stdout.hasPrefix("check,clause,item,evidence,status,detail\r\n"))
        #expect(csv.stdout.contains("documented-information,8.2.4,8.2.4-1,,missing,"))
        let markdown = await audit.run("gaps", "--format", "md")
        #expect(markdown.stdout.contains("## Mandatory documented information not on file"))
        let json = await audit.run("gaps", "--format", "json", "--rehash")
        #expect(json.stdout.contains("\"schema\": \"qmsaudit-gaps/1\""))
        #expect(json.stdout.contains("\"status\": \"n/a\""))
        let score = await audit.run("score")
        #expect(
            score.stdout.contains(
                "mandatory-documented-information: 8.2.4-1: no maintained document on file"))
        #expect(!score.stdout.contains("not evaluated"))
    }

    /// The page in print: hashes break, the NC register has the statement, the chart a
    /// legend, and unanswered questions are summed up per clause.
    @Test func theIndexPageIsLaidOutForPrint() async throws {
        let audit = try await Self.exampleAudit()
        let out = audit.folder.path + "/pack"
        _ = await audit.run("pack", "--out", out, "--as-of", "2026-11-22")
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(page.contains("td.hash{") && page.contains("<td class=\"hash\">"))
        #expect(page.contains("@page{size:A4"))
        #expect(page.contains("<th>Statement</th>"))
        #expect(page.contains("line beneath: coverage, the share of items answered"))
        #expect(page.contains("<tr><td>8.5.5</td><td>Post-delivery activities</td><td>2</td>"))
        #expect(!page.contains("Does the review consider whether resources are adequate"))
    }

    @Test func aChangedOrMissingFileShowsInTheGaps() async throws {
        let audit = try await ScratchAudit.make()
        let qms = audit.folder.path + "/qms"
        audit.folder.write("qms/9.2 Internal audit/Records/Audit report.txt", "report")
        audit.folder.write("qms/QP-7.5-01 Document control.txt", "v1")
        let imported = await audit.run("import", "dir", qms)
        try #require(imported.status == 0, "\(imported.stderr)")
        try "version two".write(
            toFile: qms + "/QP-7.5-01 Document control.txt", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(
            atPath: qms + "/9.2 Internal audit/Records/Audit report.txt")
        for check in [["gaps"], ["gaps", "--rehash"]] {
            let gaps = await qmsaudit(
                check + ["--format", "csv", "--audit", audit.path], input: [])
            #expect(gaps.stdout.contains(",EV-0002,changed,Document control"), "\(check)")
            #expect(gaps.stdout.contains(",EV-0001,missing,Audit report"), "\(check)")
            #expect(
                gaps.stdout.contains(
                    "activity,9.2,,,missing,no record of a completed internal audit"))
        }
    }

    @Test func thePackHoldsEveryRegisterAndAManifestOfEveryFile() async throws {
        let audit = try await Self.exampleAudit()
        let out = audit.folder.path + "/pack"
        let result = await audit.run(
            "pack", "--out", out, "--copy-evidence", "--as-of", "2026-11-22")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("30 evidence files copied"))
        let files = Self.files(in: out)
        for expected in [
            "README.txt", "SHA256SUMS", "index.html", "journal.jsonl", "manifest.json",
            "registers/na-register.csv", "registers/na-register.json",
            "registers/documented-information.csv", "registers/findings.csv",
            "registers/evidence.csv", "registers/conformity.csv", "registers/gaps.json",
            "evidence/EV-0001/QM-4.3 Quality manual rev 5.txt",
        ] {
            #expect(files.contains(expected), "\(expected)")
        }
        let manifest = try Self.json(out + "/manifest.json")
        let listed = (manifest["files"] as? [[String: Any]] ?? []).compactMap {
            $0["path"] as? String
        }
        #expect(listed.sorted() == files.filter { $0 != "manifest.json" })
        #expect(manifest["schema"] as? String == "qmsaudit-pack/1")
        #expect(result.stdout.contains("manifest.json SHA-256: "))
        let na = try String(contentsOfFile: out + "/registers/na-register.csv", encoding: .utf8)
        #expect(na.hasPrefix("item,clause,question,justification,answered_by,answered_at\r\n"))
        // The ten N/A answers are the whole of 8.3 with one justification: one row.
        #expect(na.split(separator: "\r\n").count == 2, "\(na)")
        #expect(na.contains("\r\n8.3 (all 10 items),8.3,the whole clause: Design and development"))
        let matrix = try String(
            contentsOfFile: out + "/registers/documented-information.csv", encoding: .utf8)
        #expect(matrix.contains("8.5.6,8.5.6-2,retain,"))
        let sums = try String(contentsOfFile: out + "/SHA256SUMS", encoding: .utf8)
        #expect(sums.contains("  index.html\n"))
    }

    @Test func theIndexPageMakesNoExternalRequest() async throws {
        let audit = try await Self.exampleAudit()
        let out = audit.folder.path + "/pack"
        _ = await audit.run("pack", "--out", out)
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(
            page.contains(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                    + " style-src 'unsafe-inline'\">"))
        for forbidden in [
            "<script", "<link", "<img", "<iframe", "src=", "url(", "@import", "https://",
        ] {
            #expect(!page.contains(forbidden), "\(forbidden)")
        }
        // The one URL is the SVG namespace, which is a name, not a request.
        #expect(page.components(separatedBy: "http://").count == 2)
        #expect(page.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        for section in [
            "readiness", "conformity", "na", "documented-information", "activities", "findings",
            "gaps", "evidence",
        ] {
            #expect(page.contains("<section id=\"\(section)\">"), "\(section)")
        }
    }

    @Test func theSameAuditGivesByteIdenticalPacks() async throws {
        let audit = try await Self.exampleAudit()
        let root = audit.folder.path
        for name in ["a", "b"] {
            let result = await audit.run(
                "pack", "--out", "\(root)/\(name)", "--zip", "\(root)/\(name).zip",
                "--copy-evidence", "--as-of", "2026-11-22")
            try #require(result.status == 0, "\(result.stderr)")
        }
        let first = try Data(contentsOf: URL(fileURLWithPath: root + "/a.zip"))
        let second = try Data(contentsOf: URL(fileURLWithPath: root + "/b.zip"))
        #expect(first == second)
        let zipOnly = await audit.run(
            "pack", "--zip", "\(root)/c.zip", "--copy-evidence", "--as-of", "2026-11-22")
        #expect(zipOnly.status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/c.zip")) == first)
        for file in Self.files(in: root + "/a") {
            #expect(
                FileManager.default.contentsEqual(
                    atPath: "\(root)/a/\(file)", andPath: "\(root)/b/\(file)"),
                "\(file)")
        }
    }

    @Test func verifyFindsEveryTamperCase() async throws {
        let audit = try await Self.exampleAudit()
        let out = audit.folder.path + "/pack"
        let built = await audit.run("pack", "--out", out, "--zip", out + ".zip", "--copy-evidence")
        try #require(built.status == 0, "\(built.stderr)")
        let hash = try #require(
            built.stdout.split(separator: "\n").first { $0.hasPrefix("manifest.json SHA-256: ") }?
                .split(separator: " ").last.map(String.init))
        for target in [out, out + ".zip"] {
            let intact = await qmsaudit("pack", "verify", target, "--manifest-sha256", hash)
            #expect(intact.status == 0, "\(intact.stdout)")
            #expect(intact.stdout.contains("0 changed, 0 missing, 0 extra; journal chain intact"))
        }
        let wrongHash = await qmsaudit(
            "pack", "verify", out, "--manifest-sha256", String(repeating: "0", count: 64))
        #expect(wrongHash.status == 1)
        #expect(wrongHash.stdout.contains("the manifest is not the one that was sent"))

        let manager = FileManager.default
        try "tampered".write(toFile: out + "/registers/gaps.csv", atomically: true, encoding: .utf8)
        try manager.removeItem(atPath: out + "/README.txt")
        try "x".write(toFile: out + "/evidence/smuggled.pdf", atomically: true, encoding: .utf8)
        let tampered = await qmsaudit("pack", "verify", out)
        #expect(tampered.status == 1)
        #expect(tampered.stdout.contains("changed  registers/gaps.csv"))
        #expect(tampered.stdout.contains("missing  README.txt"))
        #expect(tampered.stdout.contains("extra    evidence/smuggled.pdf"))
    }

    /// A ZIP holding a name twice, a folder pack with a link out of it, and a manifest
    /// listing a file twice: none verifies.
    @Test func verifyRefusesDuplicatesAndLinks() async throws {
        let audit = try await Self.exampleAudit()
        let out = audit.folder.path + "/pack"
        let built = await audit.run("pack", "--out", out, "--zip", out + ".zip")
        try #require(built.status == 0, "\(built.stderr)")
        // A tampered index.html first, the genuine one after it.
        let original = try Archive(url: URL(fileURLWithPath: out + ".zip"), accessMode: .read)
        let twice = audit.folder.path + "/twice.zip"
        let sink = try ZipSink(path: twice, timestamp: "2026-01-01T00:00:00Z")
        _ = try sink.add("index.html", bytes: Array("<h1>All clauses conform</h1>".utf8))
        for entry in original where entry.type == .file {
            var bytes: [UInt8] = []
            _ = try original.extract(entry) { bytes += $0 }
            _ = try sink.add(entry.path, bytes: bytes)
        }
        try sink.finish()
        let duplicated = await qmsaudit("pack", "verify", twice)
        #expect(duplicated.status == 1, "\(duplicated.stdout)")
        #expect(
            duplicated.stdout.contains(
                "twice    index.html (the ZIP holds two entries of this name; neither is trusted)"))

        let outside = audit.folder.write("outside.txt", "not in the pack")
        try FileManager.default.createSymbolicLink(
            atPath: out + "/evidence-link.txt", withDestinationPath: outside)
        let linked = await qmsaudit("pack", "verify", out)
        #expect(linked.status != 0)
        #expect(linked.stderr.contains("refused: symbolic links"), "\(linked.stderr)")
        #expect(linked.stderr.contains("evidence-link.txt"))
        try FileManager.default.removeItem(atPath: out + "/evidence-link.txt")

        let manifestPath = out + "/manifest.json"
        var manifest = try String(contentsOfFile: manifestPath, encoding: .utf8)
        let entry = try #require(
            manifest.range(of: #"\{\s*"path": "README.txt"[^}]*\}"#, options: .regularExpression))
        manifest.insert(contentsOf: String(manifest[entry]) + ",", at: entry.lowerBound)
        try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)
        let listedTwice = await qmsaudit("pack", "verify", out)
        #expect(listedTwice.status == 1, "\(listedTwice.stdout)")
        #expect(listedTwice.stdout.contains("twice    README.txt (the manifest lists it twice)"))
    }

    @Test func verifyRecomputesTheJournalChain() async throws {
        let audit = try await Self.exampleAudit()
        let out = audit.folder.path + "/pack"
        _ = await audit.run("pack", "--out", out)
        // Rewrite one event and fix up the manifest's hash for the journal, as a forger would:
        // only the chain gives it away.
        let journalPath = out + "/journal.jsonl"
        var journal = try String(contentsOfFile: journalPath, encoding: .utf8)
        journal = journal.replacingOccurrences(
            of: "\"actor\":\"", with: "\"actor\":\"X", range: nil)
        try journal.write(toFile: journalPath, atomically: true, encoding: .utf8)
        let bytes = Array(journal.utf8)
        let newHash = try await Self.sha256(journalPath)
        var manifest = try String(contentsOfFile: out + "/manifest.json", encoding: .utf8)
        let lines = manifest.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains("\"path\": \"journal.jsonl\"") })
        var fixed = lines
        fixed[index + 1] = "      \"size\": \(bytes.count),"
        fixed[index + 2] = "      \"sha256\": \"\(newHash)\""
        manifest = fixed.joined(separator: "\n")
        try manifest.write(toFile: out + "/manifest.json", atomically: true, encoding: .utf8)
        let result = await qmsaudit("pack", "verify", out)
        #expect(result.status == 1)
        #expect(!result.stdout.contains("changed  journal.jsonl"), "\(result.stdout)")
        #expect(result.stdout.contains("journal  journal event 1 does not match its hash"))

        // Dropping the last events is caught by the count and head the manifest names.
        let shorter = journal.split(separator: "\n").dropLast(2).joined(separator: "\n") + "\n"
        try shorter.write(toFile: journalPath, atomically: true, encoding: .utf8)
        let truncated = await qmsaudit("pack", "verify", out)
        #expect(truncated.status == 1)
        #expect(truncated.stdout.contains("changed  journal.jsonl"))
    }

    static func sha256(_ path: String) async throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sha256sum", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(
            decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return String(output.prefix(64))
    }

    @Test func packRefusesToOverwriteAFolderThatIsNotAPack() async throws {
        let audit = try await Self.exampleAudit()
        audit.folder.write("precious/thesis.docx", "years of work")
        let result = await audit.run("pack", "--out", audit.folder.path + "/precious")
        #expect(result.status == 2)
        #expect(result.stderr.contains("exists and is not a qmsaudit pack (no manifest.json)"))
        #expect(
            try String(contentsOfFile: audit.folder.path + "/precious/thesis.docx", encoding: .utf8)
                == "years of work")
        let nowhere = await audit.run("pack")
        #expect(nowhere.status == 64)
        #expect(nowhere.stderr.contains("--out DIR, --zip FILE, or both"))
    }
}
