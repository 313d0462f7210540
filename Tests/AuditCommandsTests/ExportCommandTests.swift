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

/// Whether python3 can import `module`; when it cannot and pip is absent too, says why the
/// check is skipped and answers `false` (`make test-deps` installs the modules with pip).
func pythonHas(_ module: String) throws -> Bool {
    if try python("import \(module)").status == 0 { return true }
    if try python("import pip").status != 0 {
        print("skipped: python3 has no \(module) and there is no pip to install it with")
        return false
    }
    Issue.record("python3 has no \(module): run 'make test-deps' (it installs it with pip)")
    return false
}

/// Checks `document` against the whole-audit JSON Schema with the `jsonschema` package.
func validateAgainstSchema(_ document: String) throws -> (status: Int32, output: String) {
    guard try pythonHas("jsonschema") else { return (0, "skipped") }
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
        let documents = audit.folder.path + "/QMS"
        try FileManager.default.createDirectory(
            atPath: documents, withIntermediateDirectories: true)
        _ = audit.folder.write(
            "QMS/QP-7.1-02 Calibration procedure rev 6.txt", "Calibrate every gauge.\n")
        let commands: [[String]] = [
            ["import", "csv", register],
            ["import", "dir", documents],
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
            ["evidence", "link", "7.1.5.2-1", "EV-0004"],
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
                == "wrote \(first): 3 answers, 1 finding, 4 evidence records, 17 journal events\n")
        let rebuilt = audit.folder.path + "/rebuilt.qmsaudit"
        let made = await qmsaudit("init", "--from-json", first, "--out", rebuilt)
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("journal verified (17 events)"))
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
            ":43:14: error: expected ',' or '}', found a string"
        ),
        (
            "a journal event edited", #""command":"qmsaudit answer 4.3-1 --verdict conforming"#,
            #""command":"qmsaudit answer 4.3-1 --verdict observation"#,
            ":46:5: error: journal event 5 does not match its hash"
        ),
        (
            "a verdict edited", #""item":"4.1-1","verdict":"observation""#,
            #""item":"4.1-1","verdict":"conforming""#,
            ":9:5: error: the answer to 4.1-1 is not the one journal event 6 recorded"
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
                "error: the journal ends at event 16, but \"journal_head\" names a different last"
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

/// Validates an OSCAL document with compliance-trestle's models of OSCAL 1.1, and checks that
/// every reference inside it (observation, risk, back-matter resource) names something it holds.
func validateOSCAL(_ path: String) throws -> (status: Int32, output: String) {
    guard try pythonHas("trestle") else { return (0, "skipped") }
    return try python(
        """
        import json, sys, warnings
        warnings.simplefilter("ignore")
        import trestle.oscal.assessment_results as ar, trestle.oscal.poam as poam
        document = json.load(open(sys.argv[1]))
        model = ar if "assessment-results" in document else poam
        model.Model.model_validate(document)
        uuids, refs = set(), []
        def walk(value, key=None):
            if isinstance(value, dict):
                for k, v in value.items():
                    if k == "uuid": uuids.add(v)
                    elif k in ("observation-uuid", "risk-uuid"): refs.append(v)
                    elif k == "href" and v.startswith("#"): refs.append(v[1:])
                    walk(v, k)
            elif isinstance(value, list):
                for v in value: walk(v, key)
        walk(document)
        missing = [r for r in refs if r not in uuids]
        assert not missing, f"dangling references: {missing}"
        print("valid", len(uuids), "uuids", len(refs), "references")
        """, [path])
}

@Suite struct OSCALExportTests {
    /// The golden export rebuilt: an audit whose id, and so every derived UUID, is fixed.
    static func goldenAudit(_ folder: TemporaryDirectory) async throws -> String {
        let path = folder.path + "/golden.qmsaudit"
        let made = await qmsaudit("init", "--from-json", goldenExport, "--out", path)
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    @Test(arguments: [("oscal-ar", "oscal-ar.json"), ("oscal-poam", "oscal-poam.json")])
    func exportsValidateAndMatchTheirGoldenFiles(format: String, golden: String) async throws {
        let folder = TemporaryDirectory()
        let audit = try await Self.goldenAudit(folder)
        let out = folder.path + "/" + golden
        let written = await qmsaudit("export", "--format", format, "--out", out, "--audit", audit)
        #expect(written.status == 0, "\(written.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        Snapshot.assert(text, named: golden)
        let checked = try validateOSCAL(out)
        #expect(checked.status == 0, "\(checked.output)")
        // The same audit exports the same document: UUIDs are derived, not drawn.
        let again = await qmsaudit("export", "--format", format, "--audit", audit)
        #expect(again.stdout == text)
    }

    @Test func theResultsSayWhatWasDoneAndFound() async throws {
        let folder = TemporaryDirectory()
        let audit = try await Self.goldenAudit(folder)
        let result = await qmsaudit("export", "--format", "oscal-ar", "--audit", audit)
        let document = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let root = try #require(
            (document as? [String: Any])?["assessment-results"] as? [String: Any])
        let run = try #require((root["results"] as? [[String: Any]])?.first)
        let observations = try #require(run["observations"] as? [[String: Any]])
        #expect(observations.count == 3)
        let gauge = try #require(
            observations.first { ($0["title"] as? String)?.hasPrefix("7.1.5.2-1") == true })
        #expect(gauge["types"] as? [String] == ["finding"])
        #expect(gauge["methods"] as? [String] == ["EXAMINE"])
        let evidence = try #require(gauge["relevant-evidence"] as? [[String: Any]])
        #expect(
            evidence.compactMap { $0["description"] as? String } == [
                "EV-0002 Calibration procedure QP-7.1-02 rev 6",
                "EV-0004 Calibration procedure QP-7.1-02 rev 6",
            ])
        let finding = try #require((run["findings"] as? [[String: Any]])?.first)
        let target = try #require(finding["target"] as? [String: Any])
        #expect(target["target-id"] as? String == "clause-7.1.5.2")
        #expect((target["status"] as? [String: Any])?["state"] as? String == "not-satisfied")
        let resources = try #require(
            (root["back-matter"] as? [String: Any])?["resources"] as? [[String: Any]])
        #expect(resources.count == 2)
        #expect(resources[0]["rlinks"] == nil, "a register row without a location has no link")
        let link = try #require((resources[1]["rlinks"] as? [[String: Any]])?.first)
        let hash = try #require((link["hashes"] as? [[String: Any]])?.first)
        #expect(hash["algorithm"] as? String == "SHA-256")
        #expect((hash["value"] as? String)?.count == 64)
        #expect(
            (link["href"] as? String)?.hasSuffix(
                "/QP-7.1-02%20Calibration%20procedure%20rev%206.txt") == true)
    }

    @Test func aPlanNeedsSomethingOpen() async throws {
        let audit = try await ScratchAudit.make()
        let out = audit.folder.path + "/poam.json"
        let result = await audit.run("export", "--format", "oscal-poam", "--out", out)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no open nonconformity: there is nothing to plan"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let results = await audit.run("export", "--format", "oscal-ar")
        #expect(results.status == 0)
        #expect(!results.stdout.contains("\"observations\""), "nothing answered, nothing observed")
    }
}
