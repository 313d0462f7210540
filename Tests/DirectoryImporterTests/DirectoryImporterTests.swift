import AuditModel
import AuditTestSupport
import CoreFoundation
import EvidenceFiles
import Foundation
import ImportKit
import ImportTransport
import Testing

@testable import DirectoryImporter

@Suite struct PathPatternTests {
    @Test(arguments: [
        ("Drafts/", "Drafts", true, true),
        ("Drafts/", "a/Drafts", true, true),
        ("Drafts/", "Drafts", false, false),
        ("~*", "QMS/~draft.docx", false, true),
        ("*.tmp", "a/b/c.tmp", false, true),
        ("/top.txt", "top.txt", false, true),
        ("/top.txt", "a/top.txt", false, false),
        ("**/Records/**", "09 Perf/9.2/Records/r.pdf", false, true),
        ("9.2*/Records/*", "9.2 Audit/Records/r.pdf", false, true),
        ("QP-7.5-*", "07/QP-7.5-01 Doc.pdf", false, true),
        ("QP-7.5-*", "07/QP-7.6-01 Doc.pdf", false, false),
        ("a?c", "abc", false, true),
    ])
    func matchesLikeGitignore(pattern: String, path: String, isFolder: Bool, expected: Bool) throws
    {
        let compiled = try #require(PathPattern(pattern))
        #expect(compiled.matches(path, isFolder: isFolder) == expected)
    }

    @Test func theLastMatchingPatternWins() {
        let list = IgnoreList(text: "# comment\n*.log\n!keep.log\n\n")
        #expect(list.ignores("x/debug.log", isFolder: false))
        #expect(!list.ignores("x/keep.log", isFolder: false))
        #expect(!list.ignores("x/notes.txt", isFolder: false))
    }
}

@Suite struct DirectoryEvidenceImporterTests {
    static let checklist = Checklist(
        id: "t", title: "T", standard: "S", edition: "1",
        clauses: ["7", "7.5", "9", "9.2", "9.2.2"].map {
            Clause(number: clause($0), title: "T \($0)")
        })

    static func tree() -> TemporaryDirectory {
        let folder = TemporaryDirectory()
        folder.write(
            "QMS/07 Support/7.5 Documented information/QP-7.5-01 Document control rev 6.pdf",
            "procedure")
        folder.write("QMS/09 Perf/9.2 Internal audit/Records/2026-03 audit.txt", "audit report")
        folder.write("QMS/Drafts/new.txt", "draft")
        folder.write("QMS/~lock.docx", "lock")
        folder.write("QMS/notes.txt", "no clause here")
        folder.write("QMS/.qmsauditignore", "Drafts/\n~*\n")
        folder.write("outside/secret.txt", "secret")
        symlink(folder.path + "/outside/secret.txt", folder.path + "/QMS/secret-link.txt")
        symlink(folder.path + "/QMS", folder.path + "/QMS/07 Support/loop")
        symlink(folder.path + "/QMS/notes.txt", folder.path + "/QMS/notes-link.txt")
        symlink(folder.path + "/nowhere", folder.path + "/QMS/broken.txt")
        return folder
    }

    static func read(_ root: String, rules: String? = nil, previous: KnownFiles = KnownFiles())
        throws -> ImportResult
    {
        try DirectoryEvidenceImporter().read(
            ImportRequest(
                source: root, checklist: checklist,
                options: ImportOptions(rules.map { ["rules": [$0]] } ?? [:]), previous: previous))
    }

    @Test func walksHashesAndDescribesFiles() throws {
        let folder = Self.tree()
        let result = try Self.read(folder.path + "/QMS")
        #expect(
            result.drafts.map(\.naturalKey) == [
                "07 Support/7.5 Documented information/QP-7.5-01 Document control rev 6.pdf",
                "09 Perf/9.2 Internal audit/Records/2026-03 audit.txt", "notes-link.txt",
                "notes.txt",
            ])
        let procedure = result.drafts[0]
        #expect(procedure.documentNumber == "QP-7.5-01" && procedure.title == "Document control")
        #expect(procedure.revision == "6" && procedure.kind == .document)
        #expect(procedure.clauses == [clause("7.5")])
        #expect(procedure.sha256.count == 64)
        #expect(procedure.size == 9)
        let audit = result.drafts[1]
        #expect(audit.kind == .record && audit.clauses == [clause("9.2")])
        #expect(result.drafts[3].clauses.isEmpty)
        let messages = result.diagnostics.map {
            "\($0.location.map { ($0.path as NSString).lastPathComponent } ?? ""): \($0.message)"
        }
        #expect(messages.contains("secret-link.txt: link leads out of the folder; not followed"))
        #expect(messages.contains("loop: link loop: this folder was already walked; skipped"))
        #expect(messages.contains("broken.txt: broken link; skipped"))
        #expect(!result.diagnostics.containsErrors)
    }

    /// The source is the folder however it is typed: `QMS`, `QMS/`, `./QMS`, `a//b/./c`.
    @Test(arguments: [
        ("QMS", "dir:QMS"), ("QMS/", "dir:QMS"), ("./QMS", "dir:QMS"), ("./QMS//", "dir:QMS"),
        ("a//b/./c/", "dir:a/b/c"), ("/srv/QMS/", "dir:/srv/QMS"), ("/", "dir:/"), (".", "dir:."),
        ("./", "dir:."), ("../QMS", "dir:../QMS"),
    ])
    func namesTheSourceByTheFolderHoweverItIsTyped(typed: String, name: String) {
        #expect(DirectoryEvidenceImporter.sourceName(for: typed) == name)
    }

    /// A record's date is read from its name: a day, or a month as its first day.
    @Test(
        arguments: [
            ("MR minutes 2026-07.pdf", "2026-07-01"),
            ("Audit report 2026-03-28 final.docx", "2026-03-28"),
            ("2026-11 Production audit report.txt", "2026-11-01"),
            ("QP-7.5-01 Control rev 6.pdf", nil),
            ("Plans weeks 40-44 2026.txt", nil), ("Log 2026-13.txt", nil),
            ("x12026-01-05.txt", nil),
            ("Minutes 2026-02-30.txt", nil),
        ] as [(String, String?)])
    func readsARecordsDateFromItsName(name: String, date: String?) {
        #expect(DirectoryEvidenceImporter.dateInName(name) == date)
    }

    /// Formatted by hand, digit by digit: the same text a date formatter gives.
    @Test func formatsModificationTimesAsISO8601WithMilliseconds() {
        #expect(FileTimestamp.string(0) == "1970-01-01T00:00:00.000Z")
        #expect(
            FileTimestamp.string(1_772_357_400.1234) == "2026-03-01T09:30:00.123Z")
        #expect(FileTimestamp.string(-1.5) == "1969-12-31T23:59:58.500Z")
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var random = SeededGenerator(state: 7)
        for _ in 0..<200 {
            let seconds = Double(random.next() % 4_000_000_000) + 0.25
            let expected = formatter.string(from: Date(timeIntervalSince1970: seconds))
            #expect(FileTimestamp.string(seconds) == expected)
            #expect(
                FileTimestamp.withBytes(seconds) {
                    String(decoding: $0, as: UTF8.self)
                } == expected)
        }
        // A year no file system gives is still written whole.
        #expect(FileTimestamp.string(-1e12).hasSuffix("-01-01T00:00:00.000Z"))
    }

    /// With the derivation the audit recorded, an unchanged file is handed over as its
    /// record's number, nothing else described; a file the last import no longer found is
    /// described again, and so is every file once the rules or the checklist differ.
    @Test func anUnchangedFileIsHandedOverAsItsRecord() throws {
        let folder = Self.tree()
        let root = folder.path + "/QMS"
        let first = try Self.read(root)
        #expect(!first.derivation.isEmpty)
        #expect(first.drafts.count > 2 && first.drafts.allSatisfy { $0.unchangedRecord == 0 })
        var files: [String: KnownFile] = [:]
        for (index, draft) in first.drafts.enumerated() {
            files[draft.naturalKey] = KnownFile(
                size: draft.size, modified: draft.modified, sha256: draft.sha256,
                number: index + 1, removed: index == 0)
        }
        let known = KnownFiles(files: files, derivation: first.derivation, lastImport: 1)
        let second = try Self.read(root, previous: known)
        #expect(second.derivation == first.derivation)
        #expect(second.drafts.map(\.unchangedRecord) == [0] + Array(2...first.drafts.count))
        #expect(second.drafts[0] == first.drafts[0], "the removed one is described again")
        #expect(second.drafts.dropFirst().allSatisfy { $0.title.isEmpty && $0.sha256.isEmpty })
        // Rules shape the records too: with them the derivation differs.
        let rules = folder.write("rules.yaml", "rules:\n  - match: '*.txt'\n    clauses: ['9.2']\n")
        let third = try Self.read(root, rules: rules, previous: known)
        #expect(third.derivation != first.derivation)
        #expect(third.drafts.allSatisfy { $0.unchangedRecord == 0 && !$0.sha256.isEmpty })
        // So do the checklist's clauses, and the folder as named.
        var other = Self.checklist
        other.clauses.removeLast()
        let derivations = [
            DirectoryEvidenceImporter.derivation(root: root, rules: "", checklist: Self.checklist),
            DirectoryEvidenceImporter.derivation(root: root, rules: "", checklist: other),
            DirectoryEvidenceImporter.derivation(root: "QMS", rules: "", checklist: Self.checklist),
        ]
        #expect(derivations[0] == first.derivation && Set(derivations).count == 3)
    }

    /// A re-scan trusts records described by the same `describeRevision`, so what describing
    /// gives is pinned here: when this fails, describing changed — raise `describeRevision`
    /// (so re-scans describe every file again) and record the new pin with it.
    @Test func describingIsPinnedToItsRevision() throws {
        let folder = TemporaryDirectory()
        for path in [
            "07 Support/7.5 Documented information/QP-7.5-01 Document control rev 6.pdf",
            "07 Support/7.2 Competence/Training records/2026 matrix.xlsx",
            "08 Operation/WI-8.5-03 Packing Rev. B.docx", "09 Perf/9.2/REC-9.2 Audit 2026.pdf",
            "10 Improvement/Corrective action log v2.1.csv", "README", "notes.txt",
            "Records/8.7 Nonconforming output/NCR-0042.pdf", "a.b.c/9.1.3 analysis.tar.gz",
        ] {
            folder.write("QMS/" + path, path)
        }
        let drafts = try Self.read(folder.path + "/QMS").drafts
        let described = drafts.map {
            [
                $0.naturalKey, $0.kind.rawValue, $0.title, $0.documentNumber, $0.revision,
                $0.clauses.map(\.description).joined(separator: ","), $0.location,
                $0.effectiveDate,
            ].joined(separator: "|")
        }.joined(separator: "\n")
        var hash = FNV1a()
        hash.add(described)
        // Revisions 1 and 2 were pinned before the location (relative since 2) and the date
        // (read from names since 3) were part of this text. Revision 4 reads clauses from the
        // checklist's vocabulary and documents' properties, which this checklist and these
        // files do not have: it describes them as 3 did.
        let pins: [Int: UInt64] = [
            3: 10_087_359_736_154_874_750, 4: 10_087_359_736_154_874_750,
        ]
        #expect(
            pins[DirectoryEvidenceImporter.describeRevision] == hash.value,
            "describing gives now:\n\(described)\npin: \(hash.value)")
    }

    /// Files are looked at on every core in slices that cut across folders: every file of a
    /// tree of many folders is found once, with its size, in path order.
    @Test func findsEveryFileOfManyFolders() {
        let folder = TemporaryDirectory()
        var expected: [String: Int] = [:]
        for top in 0..<23 {
            for number in 0...(top % 5) {
                let path = "F\(top)/sub \(number % 2)/file \(number).txt"
                folder.write("QMS/" + path, String(repeating: "x", count: top * 10 + number))
                expected[path] = top * 10 + number
            }
        }
        var walker = FolderWalker(root: folder.path + "/QMS", ignore: IgnoreList(text: ""))
        walker.walk()
        #expect(walker.problems.isEmpty)
        #expect(walker.files.map(\.relativePath) == expected.keys.sorted())
        #expect(walker.files.allSatisfy { expected[$0.relativePath] == $0.size })
        #expect(
            walker.files.allSatisfy {
                FileManager.default.fileExists(atPath: walker.absolutePath(of: $0))
            })
    }

    @Test func hashesMatchSha256sum() throws {
        let folder = TemporaryDirectory()
        folder.write("a/QP-7.5-01 x.txt", String(repeating: "qmsaudit ", count: 300_000))
        let result = try Self.read(folder.path + "/a")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [folder.path + "/a/QP-7.5-01 x.txt"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let expected = String(
            decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self
        ).prefix(64)
        #expect(result.drafts.first?.sha256 == String(expected))
    }

    @Test func rulesMapPathsToClausesAndKinds() throws {
        let folder = Self.tree()
        let rules = folder.write(
            "rules.yaml",
            """
            rules:
              - match: "**/Records/**"
                clauses: ["9.2.2"]
                kind: record
                tags: [internal-audit]
              - match: "notes*.txt"
                clauses: ["7"]
            """)
        let result = try Self.read(folder.path + "/QMS", rules: rules)
        let audit = try #require(result.drafts.first { $0.naturalKey.contains("Records") })
        #expect(audit.clauses == [clause("9.2.2")] && audit.tags == ["internal-audit"])
        #expect(result.drafts.first { $0.naturalKey == "notes.txt" }?.clauses == [clause("7")])
    }

    @Test func reportsBadRulesWithTheirPosition() throws {
        let folder = Self.tree()
        let marked = MarkedText(
            """
            rules:
              - match: "*.pdf"
                clauses: [1️⃣"7.x"]
                kind: 2️⃣paper
              - 3️⃣colour: red
            """)
        let rules = folder.write("rules.yaml", marked.text)
        let result = try Self.read(folder.path + "/QMS", rules: rules)
        #expect(result.drafts.isEmpty)
        for marker in ["1️⃣", "2️⃣", "3️⃣"] {
            let position = marked[marker]
            #expect(
                result.diagnostics.contains {
                    $0.severity == .error && $0.location?.line == position.line
                        && $0.location?.column == position.column
                }, "\(marker): \(result.diagnostics.map(\.description))")
        }
    }

    @Test func aReScanReHashesOnlyFilesWhoseSizeOrTimeChanged() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("QMS/QP-7.5-01 a.txt", "version one")
        let first = try Self.read(folder.path + "/QMS")
        let previous = KnownFiles(
            files: Dictionary(
                uniqueKeysWithValues: first.drafts.map {
                    (
                        $0.naturalKey,
                        KnownFile(size: $0.size, modified: $0.modified, sha256: $0.sha256)
                    )
                }))
        // Same size and the same modification time: the old hash is kept, the file is not read.
        var times = stat()
        stat(path, &times)
        folder.write("QMS/QP-7.5-01 a.txt", "version two")
        var restore = [timespec](repeating: times.st_mtim, count: 2)
        utimensat(AT_FDCWD, path, &restore, 0)
        let second = try Self.read(folder.path + "/QMS", previous: previous)
        #expect(second.drafts.first?.sha256 == first.drafts.first?.sha256)
        // A new modification time makes it read again.
        restore[1].tv_sec += 60
        utimensat(AT_FDCWD, path, &restore, 0)
        let third = try Self.read(folder.path + "/QMS", previous: previous)
        #expect(third.drafts.first?.sha256 != first.drafts.first?.sha256)
    }

    @Test func aMissingFolderIsAClearError() {
        #expect { _ = try Self.read("/nonexistent/QMS") } throws: {
            "\($0)" == "cannot read '/nonexistent/QMS': it is not a folder"
        }
    }
}

@Suite struct RulesSyntaxTests {
    @Test func aYAMLSyntaxErrorKeepsItsPosition() throws {
        let folder = TemporaryDirectory()
        folder.write("QMS/a.txt", "a")
        let rules = folder.write("rules.yaml", "rules:\n  - match: \"*.pdf\n    kind: record\n")
        let result = try DirectoryEvidenceImporter().read(
            ImportRequest(
                source: folder.path + "/QMS", checklist: DirectoryEvidenceImporterTests.checklist,
                options: ImportOptions(["rules": [rules]])))
        let error = try #require(result.diagnostics.first)
        #expect(error.message.hasPrefix("invalid YAML"))
        #expect(error.location?.line ?? 1 > 1, "\(error)")
    }
}
