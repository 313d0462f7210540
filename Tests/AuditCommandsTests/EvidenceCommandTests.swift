import AuditTestSupport
import Foundation
import Testing

@Suite struct EvidenceCommandTests {
    static let register = Fixture.packageRoot + "/examples/acme-widgets/evidence-register.csv"

    @Test func importsListsShowsAndLinks() async throws {
        let audit = try await ScratchAudit.make()
        let dry = await audit.run("import", "csv", Self.register, "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(
            dry.stdout
                == "dry run, nothing changed: would be 36 added, 0 changed, 0 unchanged, 0 removed\n"
        )
        #expect(dry.stderr.contains("warning: clause 10.1 is 'General' in the checklist"))
        let real = await audit.run("import", "csv", Self.register)
        #expect(real.stdout.hasSuffix("36 added, 0 changed, 0 unchanged, 0 removed\n"))
        let again = await audit.run("import", "csv", Self.register)
        #expect(again.stdout.hasSuffix("0 added, 0 changed, 36 unchanged, 0 removed\n"))
        let list = await audit.run("evidence", "list", "--clause", "7.5")
        #expect(list.stdout.contains("QP-7.5-01") && list.stdout.contains("QF-7.5-02"))
        #expect(!list.stdout.contains("QD-5.2-01"))
        let json = await audit.run("evidence", "list", "--format", "json")
        #expect(json.stdout.contains("\"owner\": \"Jürgen Müller\""))
        let link = await audit.run("evidence", "link", "7.5.3.2-1", "EV-0016")
        #expect(link.stdout == "7.5.3.2-1: 1 link added\n")
        let show = await audit.run("evidence", "show", "EV-0016")
        #expect(show.stdout.contains("linked to 7.5.3.2-1"))
        #expect(show.stdout.contains("title     Control of documented information"))
        let run = await audit.run("run", "--clause", "7.5.3.2", input: ["q"])
        #expect(
            run.stdout.contains(
                "  linked: EV-0016 QP-7.5-01 Control of documented information (rev 6)"))
        let unknown = await audit.run("evidence", "show", "EV-9999")
        #expect(unknown.status == 2)
    }

    @Test func importsTheExampleWorkbookAndXMLExportAgainAndAgain() async throws {
        let audit = try await ScratchAudit.make()
        let workbook = Fixture.packageRoot + "/examples/acme-widgets/Records register.xlsx"
        let export =
            Fixture.packageRoot + "/examples/acme-widgets/exports/pdm-document-register.xml"
        let dry = await audit.run("import", "xlsx", workbook, "--dry-run")
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.hasSuffix("would be 9 added, 0 changed, 0 unchanged, 0 removed\n"))
        #expect(dry.stderr.contains("note: read sheet 'Records'"))
        let sheet = await audit.run("import", "xlsx", workbook, "--sheet", "Records")
        #expect(sheet.stdout.hasSuffix("9 added, 0 changed, 0 unchanged, 0 removed\n"))
        // Found or named, it is the same sheet and the same source.
        let again = await audit.run("import", "xlsx", workbook)
        #expect(again.stdout.hasSuffix("0 added, 0 changed, 9 unchanged, 0 removed\n"))
        let cover = await audit.run("import", "xlsx", workbook, "--sheet", "Cover")
        #expect(cover.status == 2)
        #expect(cover.stderr.contains("Records register.xlsx[Cover]:4:1: error: no column holds"))
        let xml = await audit.run("import", "xml", export, "--profile", "document-register")
        #expect(xml.status == 0, "\(xml.stderr)")
        #expect(xml.stdout.hasSuffix("11 added, 0 changed, 0 unchanged, 0 removed\n"))
        let xmlAgain = await audit.run("import", "xml", export, "--profile", "document-register")
        #expect(xmlAgain.stdout.hasSuffix("0 added, 0 changed, 11 unchanged, 0 removed\n"))
        let list = await audit.run("evidence", "list", "--clause", "7.1.5", "--format", "csv")
        // Dates formatted dd/mm/yyyy in Excel arrive as dates; merged clause cells reach
        // every row they cover.
        #expect(
            list.stdout.contains(
                "REC-7.1.5-2026-044,Calibration certificate: torque wrenches set B,,7.1.5.2,2026-04-02"
            ))
        #expect(list.stdout.contains("WI-7.1.5-03"))
        let odoo = await audit.run("import", "xml", export, "--profile", "odoo")
        #expect(odoo.status == 2)
        #expect(
            odoo.stderr.contains(
                "error: the profile's record path 'record[@model='document.page']' matched nothing")
        )
        #expect(odoo.stderr.contains("note: /documentRegister/document (11 times)"))
    }

    @Test func refusesABadRegisterWholeOrSkipsItsBadRows() async throws {
        let audit = try await ScratchAudit.make()
        let path = audit.folder.write("bad.csv", "Doc No,Title\nA-1,One\nA-1,Two\nA-3,Three\n")
        // The audit file's unique index finds the repeat; a second read finds the first line.
        let refused = await audit.run("import", "csv", path)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(
                "bad.csv:3:1: error: 'A-1' is listed twice (first on line 2) with different"
                    + " content; each row needs its own document number or title (or leave such"
                    + " rows out with --skip-bad-rows)"))
        #expect(refused.stderr.contains("1 error; nothing was recorded"))
        let none = await audit.run("evidence", "list")
        #expect(none.stdout == "no evidence\n")
        // A dry run writes nothing, so it keeps the keys itself: the same message.
        let dry = await audit.run("import", "csv", path, "--dry-run")
        #expect(dry.status == 2)
        #expect(dry.stderr.contains("bad.csv:3:1: error: 'A-1' is listed twice (first on line 2)"))
        let skipped = await audit.run("import", "csv", path, "--skip-bad-rows")
        #expect(skipped.status == 0)
        #expect(
            skipped.stderr.contains(
                "bad.csv:3:1: warning: skipped: 'A-1' is listed twice (first on line 2)"))
        #expect(skipped.stderr.contains("skipped 1 row with errors: lines 3"))
        #expect(skipped.stdout.hasSuffix("2 added, 0 changed, 0 unchanged, 0 removed\n"))
        let list = await audit.run("evidence", "list", "--format", "csv")
        #expect(list.stdout.contains(",One,") && !list.stdout.contains(",Two,"))
        // Known now: a key repeated in a re-import is refused the same way, whichever record
        // (old or new to the audit) it repeats; the repeat is reported in line order. A row
        // entered twice (the same record) is no conflict: kept once, with a warning.
        let again = audit.folder.write(
            "bad.csv", "Doc No,Title,Date\nA-9,Nine,\nA-1,One,\nA-9,Nine,\nA-1,Uno,31/02/2026\n")
        let twice = await audit.run("import", "csv", again)
        #expect(twice.status == 2)
        let lines = twice.stderr.split(separator: "\n").filter { $0.hasPrefix(again) }
        #expect(
            lines.map { String($0.dropFirst(again.count)) } == [
                ":4:1: warning: this row repeats line 2 ('A-9', the same record in every field); kept once",
                ":5:1: error: 'A-1' is listed twice (first on line 3) with different content; each row needs its own document number or title (or leave such rows out with --skip-bad-rows)",
                ":5:9: warning: '31/02/2026' is not a date qmsaudit reads (use YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY)",
            ], "\(twice.stderr)")
        // Rows entered twice alone: the import lands, each record once.
        let doubled = audit.folder.write(
            "doubled.csv", "Doc No,Title,Remarks\nB-1,One,x\nB-2,Two,\nB-1,One,x\n")
        let landed = await audit.run("import", "csv", doubled)
        #expect(landed.status == 0, "\(landed.stderr)")
        #expect(
            landed.stderr.contains(
                "doubled.csv:4:1: warning: this row repeats line 2 ('B-1', the same record in every"
                    + " field); kept once"))
        #expect(landed.stdout.hasSuffix("2 added, 0 changed, 0 unchanged, 0 removed\n"))
    }

    /// A skipped row that repeats a key loses its answer too: nothing of a skipped row lands.
    @Test func aSkippedRepeatedRowLosesItsAnswer() async throws {
        let audit = try await ScratchAudit.make()
        let path = audit.folder.write(
            "filled.csv",
            "Item;Result;Document No.;Title\n7.2-2;C;REC-7.2;Training\n7.2-3;nc;REC-7.2;Again\n")
        let result = await audit.run("import", "csv", path, "--skip-bad-rows")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("skipped 1 row with errors: lines 3"))
        #expect(result.stderr.contains("1 answer recorded from the sheet's verdict column"))
        #expect(!result.stderr.contains("NC-001"))
    }

    /// XML records are checked the same way, at the record's line.
    @Test func aRepeatedXMLRecordIsReportedAtItsLine() async throws {
        let audit = try await ScratchAudit.make()
        let path = audit.folder.write(
            "export.xml",
            """
            <export><documents>
            <document><number>QP-1</number><title>One</title></document>
            <document><number>QP-2</number><title>Two</title></document>
            <document><number>QP-1</number><title>Again</title></document>
            </documents></export>
            """)
        let result = await audit.run("import", "xml", path, "--profile", "document-register")
        #expect(result.status == 2)
        #expect(
            result.stderr.contains(
                path + ":4:1: error: 'QP-1' is listed twice (first on line 2)"), "\(result.stderr)")
        #expect(await audit.run("evidence", "list").stdout == "no evidence\n")
    }

    /// The rows before a late error were already streamed into the audit file's transaction;
    /// the error rolls them back, and the diagnostic still shows its line from the large file.
    @Test func aLateErrorInALargeRegisterLandsNothing() async throws {
        let audit = try await ScratchAudit.make()
        var text = "Doc No;Title;Clause\r\n"
        for row in 0..<20_000 { text += "D-\(row);Procedure \(row);7.5\r\n" }
        text += "D-20000;\"Never closed;7.5\r\n"
        let path = audit.folder.write("big.csv", text)
        let refused = await audit.run("import", "csv", path)
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains("big.csv:20002:9: error: this quoted field is never closed"))
        #expect(refused.stderr.contains(" 20002 | D-20000;\"Never closed;7.5\n"))
        #expect(await audit.run("evidence", "list").stdout == "no evidence\n")
        #expect(!(await audit.run("log").stdout.contains("import")))
        let fixed = audit.folder.write(
            "big.csv", text.replacingOccurrences(of: "\"Never", with: "Never"))
        let landed = await audit.run("import", "csv", fixed)
        #expect(landed.stdout.hasSuffix("20001 added, 0 changed, 0 unchanged, 0 removed\n"))
    }

    @Test func importsAFolderAndVerifiesItsFiles() async throws {
        let audit = try await ScratchAudit.make()
        let folder = audit.folder
        folder.write("QMS/7.5 Documents/QP-7.5-01 Document control rev 6.txt", "v6")
        folder.write("QMS/Records/REC-9.2 Audit report.txt", "report")
        folder.write("QMS/notes.txt", "notes")
        let first = await audit.run("import", "dir", folder.path + "/QMS")
        #expect(
            first.stdout.hasSuffix("3 added, 0 changed, 0 unchanged, 0 removed\n"),
            "\(first.stderr)")
        let intact = await audit.run("evidence", "verify")
        #expect(intact.status == 0)
        #expect(intact.stderr == "3 unchanged, 0 changed, 0 missing, 0 not checked\n")
        // The same folder typed with a trailing slash (as shells complete it) or `/./` is the
        // same source, not a second copy of every record.
        for spelling in ["/QMS/", "/./QMS//"] {
            let same = await audit.run("import", "dir", folder.path + spelling)
            #expect(
                same.stdout.hasSuffix("0 added, 0 changed, 3 unchanged, 0 removed\n"),
                "\(spelling): \(same.stdout)")
        }
        folder.write("QMS/notes.txt", "notes, edited")
        try FileManager.default.removeItem(
            atPath: folder.path + "/QMS/Records/REC-9.2 Audit report.txt")
        let broken = await audit.run("evidence", "verify", "--format", "csv")
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("EV-0002,missing,"))
        #expect(broken.stdout.contains("EV-0003,changed,"))
        let rescan = await audit.run("import", "dir", folder.path + "/QMS")
        #expect(rescan.stdout.hasSuffix("0 added, 1 changed, 1 unchanged, 1 removed\n"))
    }

    /// A re-scan of an unchanged tree takes every record as it is; other rules (or none) make
    /// it describe the files again; a file that went and came back unchanged is revived.
    @Test func aReScanReusesRecordsUntilTheRulesChange() async throws {
        let audit = try await ScratchAudit.make()
        let folder = audit.folder
        folder.write("QMS/7.5 Documents/QP-7.5-01 Document control rev 6.txt", "v6")
        let report = folder.write("QMS/Records/REC-9.2 Audit report.txt", "report")
        let rules = folder.write(
            "rules.yaml", "rules:\n  - match: 'Records/*'\n    clauses: ['9.2.2']\n")
        let qms = folder.path + "/QMS"
        let first = await audit.run("import", "dir", qms, "--rules", rules)
        #expect(first.stdout.hasSuffix("2 added, 0 changed, 0 unchanged, 0 removed\n"))
        let listed = await audit.run("evidence", "list", "--format", "csv")
        let again = await audit.run("import", "dir", qms, "--rules", rules)
        #expect(again.stdout.hasSuffix("0 added, 0 changed, 2 unchanged, 0 removed\n"))
        #expect(await audit.run("evidence", "list", "--format", "csv").stdout == listed.stdout)
        folder.write("rules.yaml", "rules:\n  - match: 'Records/*'\n    clauses: ['9.2.1']\n")
        let ruled = await audit.run("import", "dir", qms, "--rules", rules)
        #expect(ruled.stdout.hasSuffix("0 added, 1 changed, 1 unchanged, 0 removed\n"))
        #expect(await audit.run("evidence", "show", "EV-0002").stdout.contains("9.2.1"))
        let plain = await audit.run("import", "dir", qms)
        #expect(plain.stdout.hasSuffix("0 added, 1 changed, 1 unchanged, 0 removed\n"))
        // Moved away and back (a rename keeps the modification time): removed, then revived.
        let aside = folder.path + "/aside.txt"
        try FileManager.default.moveItem(atPath: report, toPath: aside)
        let gone = await audit.run("import", "dir", qms)
        #expect(gone.stdout.hasSuffix("0 added, 0 changed, 1 unchanged, 1 removed\n"))
        try FileManager.default.moveItem(atPath: aside, toPath: report)
        let back = await audit.run("import", "dir", qms)
        #expect(back.stdout.hasSuffix("0 added, 1 changed, 1 unchanged, 0 removed\n"))
        let shown = await audit.run("evidence", "list", "--format", "csv")
        #expect(shown.stdout.contains("EV-0002") && !shown.stdout.contains("EV-0003"))
    }

    /// The same folder named another way — through a link, with `..`, or from another working
    /// folder — is the source imported before, not a second copy of every record.
    @Test func theSameFolderNamedAnotherWayIsTheSameSource() async throws {
        let audit = try await ScratchAudit.make()
        let folder = audit.folder
        folder.write("QMS/7.5 Documents/QP-7.5-01 Document control rev 6.txt", "v6")
        folder.write("QMS/Records/REC-9.2 Audit report.txt", "report")
        folder.write("other/readme.txt", "not the QMS")
        symlink(folder.path + "/QMS", folder.path + "/shortcut")
        let first = await audit.run("import", "dir", folder.path + "/QMS")
        #expect(first.stdout.hasSuffix("2 added, 0 changed, 0 unchanged, 0 removed\n"))
        let listed = await audit.run("evidence", "list", "--format", "csv")
        for other in ["/shortcut", "/other/../QMS"] {
            for dryRun in [["--dry-run"], []] {
                let again = await qmsaudit(
                    ["import", "dir", folder.path + other] + dryRun + ["--audit", audit.path],
                    input: [])
                #expect(
                    again.stdout.hasSuffix("0 added, 0 changed, 2 unchanged, 0 removed\n"),
                    "\(other): \(again.stdout)")
                #expect(
                    again.stderr.contains(
                        "note: this is the folder imported before as 'dir:\(folder.path)/QMS'"))
            }
        }
        #expect(await audit.run("evidence", "list", "--format", "csv").stdout == listed.stdout)
        // Another folder is another source.
        let other = await audit.run("import", "dir", folder.path + "/other")
        #expect(other.stdout.hasSuffix("1 added, 0 changed, 0 unchanged, 0 removed\n"))
        #expect(!other.stderr.contains("note:"))
    }

    @Test func aFilledInChecklistLandsWithItsEvidenceInOneTransaction() async throws {
        let audit = try await ScratchAudit.make()
        let path = audit.folder.write(
            "filled.csv",
            "Item;Result;Comment;Document No.;Title\n7.2-2;nc;2 of 5 untrained;REC-7.2;Training\n7.2-3;C;;;\n"
        )
        let result = await audit.run("import", "csv", path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("2 answers recorded from the sheet's verdict column"))
        #expect(
            result.stderr.contains(
                "1 draft nonconformity opened by its nonconforming answers: NC-001"))
        let log = await audit.run("log", "--format", "csv")
        let events = log.stdout.split(separator: "\r\n").dropFirst()
        #expect(
            events.count == 6,
            "create, import, two answers, the nonconformity.s draft finding and its action: \(events)"
        )
        let score = await audit.run("score", "--format", "csv")
        #expect(score.stdout.contains("overall,overall,155,1,0,0,1,153"))
        // One bad answer and nothing of the sheet lands: neither its evidence nor its answers.
        let bad = audit.folder.write(
            "bad.csv", "Item;Result;Document No.;Title\n7.2-4;C;REC-NEW;New record\n4.1-1;N/A;;\n")
        let refused = await audit.run("import", "csv", bad)
        #expect(refused.status == 2)
        let after = await audit.run("score", "--format", "csv")
        #expect(after.stdout.contains("overall,overall,155,1,0,0,1,153"))
        let evidence = await audit.run("evidence", "list", "--format", "csv")
        #expect(!evidence.stdout.contains("REC-NEW"))
    }

    /// One warning on 50 rows is printed three times in full, then summed up in one line.
    @Test func aRepeatedWarningIsSummarised() async throws {
        let audit = try await ScratchAudit.make()
        let rows = (0..<50).map { "D-\($0),Doc \($0),10.1 Nonconformity and corrective action" }
        let path = audit.folder.write(
            "register.csv", (["Document No.,Title,Clause"] + rows).joined(separator: "\n") + "\n")
        let result = await audit.run("import", "csv", path)
        #expect(result.status == 0, "\(result.stderr)")
        let warnings = result.stderr.split(separator: "\n").filter {
            $0.contains("warning: clause 10.1 is 'General'")
        }
        #expect(warnings.count == 3)
        #expect(
            result.stderr.contains(
                "register.csv: warning: … and 47 more like it on lines 5, 6, 7, 8, 9, 10, 11, 12,"
                    + " 13, 14, 15, 16, …, 51"))
    }

    @Test func namesTheImportersThatExist() async throws {
        let audit = try await ScratchAudit.make()
        let result = await audit.run("import", "pdf", "book.pdf")
        #expect(result.status == 64)
        #expect(
            result.stderr.contains("no importer 'pdf'; available: csv, xlsx, xml, dir, plugin"))
        let noProfile = await audit.run("import", "xml", "export.xml")
        #expect(noProfile.status == 64)
        #expect(
            noProfile.stderr.contains(
                "'import xml' needs --profile: document-register, odoo or a YAML file"))
        let sheetForCSV = await audit.run("import", "csv", "a.csv", "--sheet", "2")
        #expect(sheetForCSV.stderr.contains("--sheet is for 'import xlsx', not for 'import csv'"))
        let misplaced = await audit.run("import", "csv", "a.csv", "--rules", "r.yaml")
        #expect(misplaced.status == 64)
        #expect(misplaced.stderr.contains("--rules is for 'import dir', not for 'import csv'"))
        let typo = await audit.run("import", "cvs", "a.csv")
        #expect(typo.status == 64)
        #expect(
            typo.stderr.contains(
                "no importer 'cvs'; available: csv, xlsx, xml, dir, plugin, safetyculture (did you"
                    + " mean 'csv'?)"))
        let misspelt = await audit.run("import", "csv", "a.csv", "--skip-bad-row")
        #expect(
            misspelt.stderr.contains(
                "unknown option '--skip-bad-row'; did you mean '--skip-bad-rows'?"))
        let noSource = await audit.run("import", "dir")
        #expect(noSource.status == 64)
        #expect(noSource.stderr.contains("'import dir' needs the FOLDER to import"))
        let badNumber = await audit.run("import", "xlsx", "a.xlsx", "--header-row", "0")
        #expect(badNumber.stderr.contains("--header-row is a whole number, 1 or more; found '0'"))
    }
}

/// A register's description and every column qmsaudit has no field for reach the record, its
/// `show`, its JSON and the pack's evidence register; changing one is a change.
@Suite struct RegisterContentTests {
    @Test func descriptionsAndOtherColumnsAreKeptAndPacked() async throws {
        let audit = try await ScratchAudit.make()
        let path = audit.folder.write(
            "register.csv",
            """
            Record No.;Title;ISO clause;Remarks;Cost centre;Retention;Empty
            REC-7.2-01;Training matrix;7.2;Reviewed by HR, "2026";4100;10 years;
            REC-9.2-04;Audit report Q1;9.2;;4200;;

            """)
        let imported = await audit.run("import", "csv", path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stderr.contains(
                "note: columns 'Cost centre', 'Retention', 'Empty' are kept as attributes of each"
                    + " record"))
        #expect(!imported.stderr.contains("is not used"))
        let show = await audit.run("evidence", "show", "EV-0001")
        #expect(show.stdout.contains("number    REC-7.2-01"), "Record No. is the number")
        #expect(show.stdout.contains("about     Reviewed by HR, \"2026\""))
        #expect(show.stdout.contains("  Cost centre  4100\n  Retention    10 years\n"))
        #expect(!show.stdout.contains("Empty"), "an empty cell is no attribute")
        let json = await audit.run("evidence", "list", "--format", "json")
        #expect(json.stdout.contains(#""description": "Reviewed by HR, \"2026\"""#))
        #expect(json.stdout.contains(#""Cost centre": "4200""#))
        let pack = await audit.run("pack", "--out", audit.folder.path + "/pack")
        #expect(pack.status == 0, "\(pack.stderr)")
        let csv = try String(
            contentsOfFile: audit.folder.path + "/pack/registers/evidence.csv", encoding: .utf8)
        #expect(csv.split(separator: "\r\n").first?.hasSuffix(",description,attributes") == true)
        #expect(
            csv.contains(
                #""Reviewed by HR, ""2026""","{""Cost centre"":""4100"",""Retention"":""10 years""}""#
            ), "\(csv)")
        let register = try String(
            contentsOfFile: audit.folder.path + "/pack/registers/evidence.json", encoding: .utf8)
        #expect(register.contains(#""Retention": "10 years""#), "attributes are an object")
        // An attribute alone changed is a changed record.
        audit.folder.write(
            "register.csv",
            """
            Record No.;Title;ISO clause;Remarks;Cost centre;Retention;Empty
            REC-7.2-01;Training matrix;7.2;Reviewed by HR, "2026";4100;12 years;
            REC-9.2-04;Audit report Q1;9.2;;4200;;

            """)
        let again = await audit.run("import", "csv", path)
        #expect(again.stdout.hasSuffix("0 added, 1 changed, 1 unchanged, 0 removed\n"))
    }

    /// In a filled-in checklist a Comments column is the answer's note; in a register, the
    /// record's description; alone, a Description column is the title.
    @Test func commentsAreNotesInAChecklistAndDescriptionsInARegister() async throws {
        let audit = try await ScratchAudit.make()
        let sheet = audit.folder.write(
            "sheet.csv", "Item,Result,Comments\n7.2-1,C,Matrix seen for all 12 operators\n")
        let answered = await audit.run("import", "csv", sheet)
        #expect(answered.status == 0, "\(answered.stderr)")
        let log = await audit.run("log", "--item", "7.2-1", "--format", "json")
        #expect(log.stdout.contains("Matrix seen for all 12 operators"))
        let only = audit.folder.write("only.csv", "Ref;Description\nD-1;Quality manual\n")
        let imported = await audit.run("import", "csv", only)
        #expect(imported.status == 0, "\(imported.stderr)")
        let show = await audit.run("evidence", "show", "EV-0001")
        #expect(show.stdout.contains("title     Quality manual"))
        #expect(!show.stdout.contains("about"))
    }
}
