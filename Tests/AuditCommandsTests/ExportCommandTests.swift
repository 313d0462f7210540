import AuditTestSupport
import Foundation
import Testing

/// Runs python3 with the test dependencies (`make test-deps`) on `script`.
func python(_ script: String, _ arguments: [String] = []) throws -> (status: Int32, output: String)
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
}

/// Checks `document` against the whole-audit JSON Schema with the `jsonschema` package.
func validateAgainstSchema(_ document: String) throws -> (status: Int32, output: String) {
    let schema = Fixture.packageRoot + "/schemas/qmsaudit-audit-1.schema.json"
    return try python(
        """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        jsonschema.validate(json.load(open(sys.argv[2])), schema)
        print("valid")
        """, [schema, document])
}

/// The committed export of `WholeAuditJSONTests.smallAudit()`, the format's golden file.
let goldenExport =
    (#filePath as NSString).deletingLastPathComponent
    + "/__Snapshots__/export-small.json"

@Suite struct WholeAuditJSONTests {
    /// A small audit with something in every member: answers (one cleared), a finding with
    /// its corrective action, a step and a verification, imported evidence, a link, a plan.
    static func smallAudit() async throws -> ScratchAudit {
        let audit = try await ScratchAudit.make()
        let register = audit.folder.write(
            "register.csv",
            """
            Document No.,Title,ISO clause,Revision,Owner,Status
            QM-4.3,Quality manual,4.3,5,T. Okafor,Approved
            QP-7.1-02,Calibration procedure,7.1.5.2,6,L. Novak,Approved
            SOP-3,"Line ""B"" set-up — Müller",8.5.1,2,J. Müller,Draft

            """)
        let commands: [[String]] = [
            ["import", "csv", register],
            [
                "audit", "plan", "--start", "2026-11-09", "--end", "2026-11-10", "--objective",
                "Determine conformity with ISO 9001:2015", "--auditee", "T. Okafor",
            ],
            ["answer", "4.3-1", "--verdict", "conforming", "--note", "Scope in QM-4.3 rev 5"],
            ["answer", "4.1-1", "--verdict", "observation", "--note", "Tab\there; \"quoted\""],
            ["answer", "4.1-2", "--verdict", "conforming"],
            ["answer", "4.1-2", "--clear"],
            ["answer", "7.1.5.2-1", "--verdict", "major", "--note", "Gauge G-114 failed"],
            [
                "finding", "edit", "NC-001", "--requirement", "7.1.5.2", "--evidence",
                "certificate",
            ],
            [
                "action", "update", "NC-001", "--correction", "Lots recalled", "--state",
                "contained",
            ],
            [
                "action", "update", "NC-001", "--cause-method", "5-why", "--cause",
                "No impact step", "--extent", "All gauges reviewed", "--state", "cause-found",
            ],
            [
                "action", "update", "NC-001", "--add-action", "Add an impact step",
                "--action-owner", "T. Okafor", "--action-due", "2099-01-31", "--state", "planned",
            ],
            ["evidence", "link", "7.1.5.2-1", "EV-0002"],
        ]
        for command in commands {
            let result = await qmsaudit(command + ["--audit", audit.path], input: [])
            try #require(result.status == 0, "\(command): \(result.stderr)")
        }
        return audit
    }

    @Test func exportRebuildExportIsByteIdenticalAndValidatesAgainstTheSchema() async throws {
        let audit = try await Self.smallAudit()
        let first = audit.folder.path + "/first.json"
        let exported = await audit.run("export", "--format", "json", "--out", first)
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(
            exported.stdout
                == "wrote \(first): 3 answers, 1 finding, 3 evidence records, 15 journal events\n")
        let rebuilt = audit.folder.path + "/rebuilt.qmsaudit"
        let made = await qmsaudit("init", "--from-json", first, "--out", rebuilt)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("journal verified (15 events)"))
        let second = await qmsaudit("export", "--audit", rebuilt)
        let original = try String(contentsOfFile: first, encoding: .utf8)
        #expect(second.stdout == original)
        // The rebuilt audit is the same audit: same score, same journal, still writable.
        let scores = (
            await audit.run("score", "--format", "json").stdout,
            await qmsaudit(
                "score", "--format", "json", "--audit", rebuilt
            ).stdout
        )
        #expect(scores.0 == scores.1)
        #expect(await qmsaudit("log", "--verify", "--audit", rebuilt).status == 0)
        let more = await qmsaudit(
            "answer", "5.1.1-1", "--verdict", "conforming", "--audit", rebuilt)
        #expect(more.status == 0, "\(more.stderr)")
        #expect(await qmsaudit("log", "--verify", "--audit", rebuilt).status == 0)

        let checked = try validateAgainstSchema(first)
        #expect(checked.status == 0, "\(checked.output)")
        let golden = goldenExport
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil,
            !FileManager.default.fileExists(atPath: golden)
        {
            try original.write(toFile: golden, atomically: true, encoding: .utf8)
        }
    }

    /// The committed export rebuilds into an audit whose export is that file again, byte for
    /// byte: the format's golden file, read and written by this version.
    @Test func theGoldenExportRebuildsToItself() async throws {
        let folder = TemporaryDirectory()
        let golden = goldenExport
        let made = await qmsaudit(
            "init", "--from-json", golden, "--out", folder.path + "/golden.qmsaudit")
        #expect(made.status == 0, "\(made.stderr)")
        let again = await qmsaudit("export", "--audit", folder.path + "/golden.qmsaudit")
        Snapshot.assert(again.stdout, named: "export-small.json")
        let checked = try validateAgainstSchema(golden)
        #expect(checked.status == 0, "\(checked.output)")
    }

    @Test(arguments: [
        (
            "a missing comma", #"{"seq":2,"at""#, #"{"seq":2 "at""#,
            ":39:14: error: expected ',' or '}', found a string"
        ),
        (
            "a journal event edited", #""command":"qmsaudit answer 4.3-1 --verdict conforming"#,
            #""command":"qmsaudit answer 4.3-1 --verdict observation"#,
            ":41:5: error: journal event 4 does not match its hash"
        ),
        (
            "a verdict edited", #""item":"4.1-1","verdict":"observation""#,
            #""item":"4.1-1","verdict":"conforming""#,
            ":9:5: error: the answer to 4.1-1 is not the one journal event 5 recorded"
        ),
        (
            "the checklist edited", #""title":"Context of the organization""#,
            #""title":"Context of the organisation""#,
            ":4:16: error: the checklist does not match the audit's \"checklist_sha256\""
        ),
        (
            "a newer format", #""schema": "qmsaudit-audit/1""#, #""schema": "qmsaudit-audit/2""#,
            ":2:13: error: this is qmsaudit-audit/2, written by a newer qmsaudit"
        ),
        (
            "another kind of JSON", #""schema": "qmsaudit-audit/1""#,
            #""assessment-results": {}"#,
            ":2:3: error: a whole-audit export starts with its \"schema\" member"
        ),
        (
            "an unknown member", #""verdict":"observation""#, #""verdict":"observation","x":1"#,
            ":9:45: error: \"x\" is not a member of a row of \"responses\""
        ),
        (
            "a record of an unknown source", #"{"number":1,"source":1,"#,
            #"{"number":1,"source":9,"#,
            "error: a row of \"evidence\" names a row of \"evidence_sources\" that the document"
        ),
    ])
    func aDocumentThatIsNotTheExportIsRefusedAtItsPlace(
        what: String, original: String, replacement: String, message: String
    ) async throws {
        let folder = TemporaryDirectory()
        let golden = goldenExport
        let text = try String(contentsOfFile: golden, encoding: .utf8)
        try #require(text.contains(original), "\(what): the golden file changed")
        let path = folder.write(
            "changed.json", text.replacingOccurrences(of: original, with: replacement))
        let target = folder.path + "/rebuilt.qmsaudit"
        let result = await qmsaudit("init", "--from-json", path, "--out", target)
        #expect(result.status == 2, "\(what)")
        #expect(result.stderr.contains("nothing was created: \(path)"), "\(what): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(what): \(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target), "\(what)")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(leftovers == ["changed.json"], "\(what): \(leftovers)")
    }

    @Test func aJournalCutShortIsRefused() async throws {
        let folder = TemporaryDirectory()
        let golden = goldenExport
        var lines = try String(contentsOfFile: golden, encoding: .utf8).components(
            separatedBy: "\n")
        let last = try #require(lines.lastIndex { $0.hasPrefix("    {\"seq\":") })
        lines.remove(at: last)
        lines[last - 1].removeLast()  // the comma before the removed event
        let path = folder.write("short.json", lines.joined(separator: "\n"))
        let result = await qmsaudit(
            "init", "--from-json", path, "--out", folder.path + "/rebuilt.qmsaudit")
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                "error: the journal ends at event 14, but \"journal_head\" names a different last"
                    + " event: events were removed"), "\(result.stderr)")
    }

    @Test func fromJsonTakesNothingElseAndNeverOverwrites() async throws {
        let audit = try await ScratchAudit.make()
        let mixed = await qmsaudit("init", "--from-json", "x.json", "--org", "Acme")
        #expect(mixed.status == 64)
        #expect(mixed.stderr.contains("--from-json takes everything from the export"))
        let json = audit.folder.path + "/a.json"
        #expect(await audit.run("export", "--out", json).status == 0)
        let onto = await qmsaudit("init", "--from-json", json, "--out", audit.path)
        #expect(onto.status == 2)
        #expect(onto.stderr.contains("already exists"))
        let missing = await qmsaudit(
            "init", "--from-json", audit.folder.path + "/none.json", "--out",
            audit.folder.path + "/b.qmsaudit")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.json: error: cannot read"))
    }
}
