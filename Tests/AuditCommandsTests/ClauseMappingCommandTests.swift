import AuditTestSupport
import Foundation
import Testing

/// Clause references that mean what they say, clauses found from titles, and the auditor's
/// review of them, as a user runs them.
@Suite struct ClauseMappingCommandTests {
    static func gapCount(_ audit: ScratchAudit) async -> Int {
        let gaps = await audit.run("gaps", "--format", "json")
        let line = gaps.stdout.split(separator: "\n").first {
            $0.contains("clauses without evidence:")
        }
        let words = line?.split(separator: " ") ?? []
        let index = words.firstIndex(of: "evidence:").map { $0 + 1 } ?? 0
        return index < words.count ? Int(words[index]) ?? -1 : -1
    }

    /// A register citing ISO 9001:2015, ISO 27001 Annex A, ISO 14001, ISO 9001:2008 and an
    /// OSCAL control: only the 2015 clauses count.
    @Test func referencesToOtherStandardsAndEditionsCountForNoClause() async throws {
        let audit = try await ScratchAudit.make()
        let before = await Self.gapCount(audit)
        let register = audit.folder.write(
            "mixed.csv",
            """
            Doc No.,Title,Clause
            E1,Document control,ISO 9001:2015 7.5
            E2,Access policy,ISO/IEC 27001:2022 A.5.1
            E3,Secure areas,ISO 27001 A.7.2
            E4,Policies,A.5.1
            E5,Old procedure,ISO 9001:2008 7.5.3
            E6,Env. aspects,ISO 14001:2015 6.1.2
            E7,Least privilege,ac-6.1_obj
            E8,Both,8.4; ISO 14001 8.1
            E9,Version,v2.1

            """)
        let imported = await audit.run("import", "csv", register)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(
            imported.stderr.contains(
                "mixed.csv:3:18: warning: 7 clause cells cite another standard, edition or control"
                    + " (first: 'ISO/IEC 27001:2022 A.5.1'); kept as 'Other references', not"
                    + " counted for any clause of 'iso9001-2015'"), "\(imported.stderr)")
        #expect(imported.stderr.contains("warning: 'v2.1' is not a clause number"))
        #expect(!imported.stderr.contains("clause 1 is not in checklist"))
        for clause in ["5.1", "7.2", "6.1.2", "7.5.3", "6.1"] {
            let list = await audit.run("evidence", "list", "--clause", clause)
            #expect(list.stdout == "no evidence\n", "\(clause): \(list.stdout)")
        }
        let both = await audit.run("evidence", "show", "EV-0008", "--format", "json")
        #expect(both.stdout.contains(#""clauses": ["#) && both.stdout.contains(#""8.4""#))
        #expect(both.stdout.contains(#""Other references": "ISO 14001 8.1""#), "\(both.stdout)")
        // Only E1 (7.5) and E8 (8.4) close gaps: every clause with evidence is one of theirs.
        let after = await Self.gapCount(audit)
        #expect(after < before, "\(before) → \(after)")
        let gaps = await audit.run("gaps", "--format", "json")
        let object =
            try JSONSerialization.jsonObject(with: Data(gaps.stdout.utf8)) as? [String: Any]
        let clauses = try #require(object?["clauses"] as? [[String: Any]])
        let evidenced = clauses.filter { !(($0["evidence"] as? [String]) ?? []).isEmpty }
            .compactMap { $0["clause"] as? String }
        #expect(!evidenced.isEmpty)
        #expect(
            evidenced.allSatisfy {
                $0 == "7.5" || $0.hasPrefix("7.5.") || $0 == "8.4" || $0.hasPrefix("8.4.")
            },
            "\(evidenced)")
        let map = await audit.run("evidence", "map", "--unmapped")
        #expect(map.stdout.contains("cites ISO/IEC 27001:2022 A.5.1, not this checklist"))
    }

    @Test func aTitleInAnotherLanguageIsNoContradiction() async throws {
        let audit = try await ScratchAudit.make()
        let register = audit.folder.write(
            "titled.csv",
            """
            Doc No.;Title;Clause
            D1;Lenkung;7.5 Dokumentierte Information
            D2;Audit;9.2 Internes Audit
            D3;文件;7.5 成文信息
            D4;Wrong;7.5 Internes Audit

            """)
        let imported = await audit.run("import", "csv", register)
        #expect(imported.status == 0, "\(imported.stderr)")
        let warnings = imported.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1, "\(imported.stderr)")
        #expect(
            warnings.first?.contains(
                "clause 7.5 is 'Documented information' in the checklist, but 'Internes Audit'"
                    + " names 9.2 'Internal audit'; check the number") == true)
    }

    @Test func titlesGiveClausesWhenNoCellDoesAndTheMapReviewsThem() async throws {
        let audit = try await ScratchAudit.make()
        let register = audit.folder.write(
            "topics.csv",
            """
            Doc No.,Title,Clause
            T1,Internal audit procedure,
            T2,Managementbewertung 2026,
            T3,Glossary,
            T4,QP-7.5-01 Document control,

            """)
        let imported = await audit.run("import", "csv", register)
        #expect(imported.status == 0, "\(imported.stderr)")
        let map = await audit.run("evidence", "map")
        #expect(
            map.stdout.contains(
                #"EV-0001  Internal audit procedure    9.2      title: title "Internal audit""#),
            "\(map.stdout)")
        #expect(map.stdout.contains(#"title: synonym "Managementbewertung" (de)"#))
        #expect(map.stdout.contains("title: number 7.5"))
        #expect(map.stdout.contains("3 of 4 records with a clause"))
        let show = await audit.run("evidence", "show", "EV-0002")
        #expect(show.stdout.contains("how the clauses were found:\n  9.3       title: synonym"))

        // Review: reject one, accept one, change one; the rest as they are.
        let csv = await audit.run("evidence", "map", "--format", "csv")
        var lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "id,number,title,location,clauses,how,decision")
        lines = lines.map { line in
            if line.hasPrefix("EV-0001,") { return line + "accept" }
            if line.hasPrefix("EV-0002,") { return line + "reject" }
            if line.hasPrefix("EV-0003,") { return "EV-0003,T3,Glossary,,7.5.1,," }
            return line
        }
        let edited = audit.folder.write("map.csv", lines.joined(separator: "\n"))
        let applied = await audit.run("evidence", "map", "--apply", edited)
        #expect(applied.status == 0, "\(applied.stderr)")
        #expect(
            applied.stdout.hasSuffix(
                "1 accepted, 1 rejected, 1 changed, 0 reset, 1 unchanged\n"), "\(applied.stdout)")
        // The reviews stay when the register is imported again.
        let again = await audit.run("import", "csv", register)
        #expect(again.stdout.hasSuffix("0 added, 0 changed, 4 unchanged, 0 removed\n"))
        let after = await audit.run("evidence", "map", "--format", "json")
        #expect(after.stdout.contains(#""review": "rejected""#))
        let rejected = await audit.run("evidence", "list", "--clause", "9.3")
        #expect(rejected.stdout == "no evidence\n")
        let set = await audit.run("evidence", "list", "--clause", "7.5.1")
        #expect(set.stdout.contains("EV-0003"))
        let log = await audit.run("log", "--format", "json")
        #expect(log.stdout.contains(#""action": "review-clauses""#))

        // A bad row anywhere changes nothing.
        let bad = audit.folder.write(
            "bad.csv", "id,clauses,decision\nEV-0002,,reset\nEV-0009,9.2,\nEV-0001,4.7,maybe\n")
        let refused = await audit.run("evidence", "map", "--apply", bad)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("bad.csv:4:9: error: '4.7' is not a clause of checklist"))
        #expect(refused.stderr.contains("bad.csv:4:13: error: decision 'maybe' is not accept"))
        let missing = audit.folder.write(
            "missing.csv", "id,clauses,decision\nEV-0002,,reset\nEV-0009,9.2,\n")
        let none = await audit.run("evidence", "map", "--apply", missing)
        #expect(none.status != 0)
        #expect(
            none.stderr.contains("missing.csv:3:1: there is no evidence 'EV-0009'"),
            "\(none.stderr)")
        let still = await audit.run("evidence", "list", "--clause", "9.3")
        #expect(still.stdout == "no evidence\n", "the reset in the same file was not applied")

        let plain = audit.folder.write(
            "plain.csv", "Doc No.,Title,Clause\nP1,Internal audit procedure,\n")
        let off = await audit.run("import", "csv", plain, "--no-infer")
        #expect(off.status == 0, "\(off.stderr)")
        let gaps = await audit.run("gaps")
        #expect(gaps.stdout.contains("Evidence with no clause:"))
        #expect(gaps.stdout.contains("Map them with 'qmsaudit evidence map --unmapped'."))
    }

    @Test func answerSheetsWithSemicolonsTabsOrAGivenSeparator() async throws {
        let audit = try await ScratchAudit.make()
        let semicolons = audit.folder.write(
            "de.csv", "item;verdict;note\n4.1-1;conforming;gut\n4.2-1;c;ok\n")
        let sniffed = await audit.run("answer", "--from", semicolons)
        #expect(
            sniffed.stdout.hasSuffix("2 answered, 0 changed, 0 unchanged\n"), "\(sniffed.stderr)")
        let tabs = audit.folder.write("t.tsv", "item\tverdict\n4.3-1\tc\n")
        let given = await audit.run("answer", "--from", tabs, "--separator", "tab")
        #expect(given.stdout.hasSuffix("1 answered, 0 changed, 0 unchanged\n"), "\(given.stderr)")
        let wrong = await audit.run("answer", "--from", tabs, "--separator", "|")
        #expect(wrong.status != 0 && wrong.stderr.contains("--separator is ',', ';' or 'tab'"))
    }

    /// A deleted file its folder no longer lists is one problem, the same in both commands.
    @Test func aDeletedFileIsOneStateInGapsAndVerify() async throws {
        let audit = try await ScratchAudit.make()
        let kept = audit.folder.write("QMS/QP-7.5-01 Document control.txt", "kept")
        let gone = audit.folder.write("QMS/QP-8.4-01 Purchasing.txt", "gone")
        _ = kept
        let first = await audit.run("import", "dir", audit.folder.path + "/QMS")
        #expect(first.status == 0, "\(first.stderr)")
        try FileManager.default.removeItem(atPath: gone)
        let again = await audit.run("import", "dir", audit.folder.path + "/QMS")
        #expect(again.stdout.hasSuffix("0 added, 0 changed, 1 unchanged, 1 removed\n"))
        let gaps = await audit.run("gaps")
        #expect(gaps.stdout.contains("evidence problems: 1 removed from source"), "\(gaps.stdout)")
        let verify = await audit.run("evidence", "verify")
        #expect(verify.status == 0)
        #expect(verify.stdout.contains("EV-0002  removed from source"), "\(verify.stdout)")
        #expect(
            verify.stderr.contains(
                "1 unchanged, 0 changed, 0 missing, 0 not checked, 1 removed from source"))
    }

    @Test func repeatedHeadersAreNamedByLetterAndADryRunShowsRecords() async throws {
        let audit = try await ScratchAudit.make()
        let register = audit.folder.write(
            "w.csv", "w,w,Clause\nDraft A,Quality policy,\nDraft B,Process walk,8.4\n")
        let ambiguous = await audit.run("import", "csv", register, "--map", "title=w")
        #expect(ambiguous.status == 2)
        #expect(
            ambiguous.stderr.contains(
                "--map title=w: 2 columns are headed 'w' (@A, @B); name one by its letter or"
                    + " position, such as --map title=@A"), "\(ambiguous.stderr)")
        let shown = await audit.run(
            "import", "csv", register, "--map", "title=@B", "--dry-run", "--show", "2")
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix("LINE  TITLE           KIND      CLAUSES  HOW") == true,
            "\(shown.stdout)")
        #expect(
            lines.contains {
                $0.contains(
                    #"Quality policy  document  5.2      title: synonym "Quality policy" (en)"#)
            })
        #expect(
            lines.contains {
                $0.contains("Process walk    document  8.4      stated by the source")
            })
        #expect(
            lines.last
                == "dry run, nothing changed: would be 2 added, 0 changed, 0 unchanged, 0 removed")
        let byPosition = await audit.run(
            "import", "csv", register, "--map", "title=@2", "--dry-run")
        #expect(byPosition.status == 0)
        let beyond = await audit.run("import", "csv", register, "--map", "title=@D", "--dry-run")
        #expect(beyond.stderr.contains("--map title=@D: the header has no column @D (it has 3"))
        let notDry = await audit.run("import", "csv", register, "--show", "2")
        #expect(notDry.status != 0 && notDry.stderr.contains("--show N goes with --dry-run"))
    }

    /// The element paths a profile could have meant are listed after the error that says it
    /// matched nothing, not before.
    @Test func notesFollowTheErrorTheyExplain() async throws {
        let audit = try await ScratchAudit.make()
        let export = audit.folder.write("o.xml", "<x><y/></x>")
        let result = await audit.run("import", "xml", export, "--profile", "odoo")
        #expect(result.status == 2)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        let error = try #require(lines.firstIndex { $0.contains("matched nothing") })
        let note = try #require(lines.firstIndex { $0.hasPrefix("note: /x/y") })
        #expect(error < note, "\(result.stderr)")
    }

    /// On a checklist that supersedes another, a reference to the older edition is read
    /// through the mapping, with the reason shown; other editions stay other references.
    @Test func aReferenceToTheSupersededEditionGoesThroughTheMapping() async throws {
        let audit = try await ScratchAudit.make(checklist: "iso9001-2026-draft")
        let register = audit.folder.write(
            "old.csv",
            """
            Doc No.,Title,Clause
            R1,Risk register,ISO 9001:2015 6.1.2
            R2,Old procedure,ISO 9001:2008 7.5.3
            R3,Awareness,ISO 9001:2026 7.3

            """)
        let imported = await audit.run("import", "csv", register)
        #expect(imported.status == 0, "\(imported.stderr)")
        let show = await audit.run("evidence", "show", "EV-0001")
        #expect(show.stdout.contains("clauses   6.1.2, 6.1.3"), "\(show.stdout)")
        #expect(
            show.stdout.contains(
                "6.1.3     clause cell: 'ISO 9001:2015 6.1.2' through the mapping from iso9001-2015"
            ))
        let old = await audit.run("evidence", "show", "EV-0002", "--format", "json")
        #expect(old.stdout.contains(#""Other references": "ISO 9001:2008 7.5.3""#))
        let current = await audit.run("evidence", "list", "--clause", "7.3")
        #expect(current.stdout.contains("R3"))
    }

    /// An XML profile may name item, verdict and note paths: the export's answers are
    /// recorded, as a CSV answer sheet's are, not ignored.
    @Test func anXMLProfileCarriesAnswers() async throws {
        let audit = try await ScratchAudit.make()
        let profile = audit.folder.write(
            "answers.yaml",
            """
            profile: 1
            format: xml
            id: inspection
            description: an inspection export
            record: row
            fields:
              title: title
              item: item
              verdict: verdict
              note: note

            """)
        let export = audit.folder.write(
            "inspection.xml",
            "<rows><row><title>Walk-round</title><item>7.1.4-1</item><verdict>conforming</verdict>"
                + "<note>Clean, well lit</note></row></rows>")
        let imported = await audit.run("import", "xml", export, "--profile", profile)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stderr.contains("1 answer recorded from the sheet's verdict column"))
        let list = await audit.run("answer", "list", "--clause", "7.1.4", "--format", "json")
        #expect(list.stdout.contains("Clean, well lit"), "\(list.stdout)")
    }
}
