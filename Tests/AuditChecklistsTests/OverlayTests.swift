import AuditChecklists
import AuditModel
import AuditTestSupport
import Testing

@Suite struct OverlayTests {
    static let acme = Fixture.packageRoot + "/examples/acme-widgets/checklists/acme-additions.yaml"

    @Test func theCompanyExampleAddsRemovesAndTightens() throws {
        let catalog = try ChecklistCatalog(folder: nil, files: [Self.acme])
        let base = try catalog.checklist(id: "iso9001-2015")
        let acme = try catalog.checklist(id: "acme-iso9001")
        #expect(acme.lineage == ["iso9001-2015", "acme-iso9001"])
        // A clause of its own under 8.5.1, with two items.
        let esd = try #require(acme.clause(clause("8.5.1.1")))
        #expect(esd.items.map(\.id) == ["ACME-ESD-1", "ACME-ESD-2"])
        #expect(!acme.isLeaf(clause("8.5.1")))
        // Names of its own for a clause of its own and for a base clause, after the base's.
        #expect(esd.synonyms["en"]?.contains("ESD log") == true)
        let audit = try #require(acme.clause(clause("9.2")))
        #expect(audit.synonyms["en"]?.first == "Internal audit")
        #expect(audit.synonyms["en"]?.last == "Process walks")
        #expect(audit.synonyms["de"]?.contains("Prozessbegehung") == true)
        #expect(base.clause(clause("9.2"))?.synonyms["de"]?.contains("Prozessbegehung") == false)
        #expect(
            ClauseVocabulary(acme).matches(in: "2026-05 Process walk Bradford").first?.clause
                == clause("9.2"))
        // An item added to a base clause, after the base's own.
        #expect(acme.clause(clause("8.4.1"))?.items.last?.id == "ACME-SUP-1")
        // One base item removed on purpose.
        #expect(base.item("8.5.5-2") != nil && acme.item("8.5.5-2") == nil)
        #expect(acme.items.count == base.items.count + 3 - 1)
        // N/A closed for measuring equipment, points for minors lowered.
        for item in acme.items where clause("7.1.5").contains(item.clause) {
            #expect(!item.naAllowed, "\(item.id)")
        }
        #expect(acme.policy.points[.minor] == 0.25)
        #expect(acme.policy.gates == base.policy.gates)
    }

    @Test func anOverlayOnAnOverlayResolvesTheWholeChain() throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "site.yaml",
            """
            id: acme-site-b
            title: Site B
            extends: acme-iso9001
            tighten:
              - item: ACME-ESD-1
                weight: 5
              - clause: "8.3"
                na: false
            """)
        let catalog = try ChecklistCatalog(folder: nil, files: [Self.acme, path])
        let site = try catalog.checklist(id: "acme-site-b")
        #expect(site.lineage == ["iso9001-2015", "acme-iso9001", "acme-site-b"])
        #expect(site.item("ACME-ESD-1")?.weight == 5)
        #expect(
            site.items.filter { clause("8.3").contains($0.clause) }.allSatisfy { !$0.naAllowed })
        #expect(site.policy.points[.minor] == 0.25)
        #expect(site.edition == "ISO 9001:2015 + A1:2024")
    }

    @Test func removeThenAddReplacesAnItem() throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "replace.yaml",
            """
            id: replace
            title: Replace
            extends: iso9001-2015
            remove:
              - item: 7.3-1
                reason: we ask it our own way
            clauses:
              - number: "7.3"
                items:
                  - id: 7.3-1
                    question: Can every operator explain the quality policy in their own words?
                    stage: 2
            """)
        let catalog = try ChecklistCatalog(folder: nil, files: [path])
        let replaced = try catalog.checklist(id: "replace")
        #expect(replaced.item("7.3-1")?.question.hasPrefix("Can every operator") == true)
        #expect(replaced.clause(clause("7.3"))?.items.count == 1)
    }

    @Test func tighteningAddsDocumentedInformation() throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "records.yaml",
            """
            id: records
            title: Records
            extends: iso9001-2015
            tighten:
              - item: 7.4-1
                documented-information:
                  - maintain: the communication matrix
            """)
        let checklist = try ChecklistCatalog(folder: nil, files: [path]).checklist(id: "records")
        #expect(
            checklist.item("7.4-1")?.documentedInformation.map(\.what) == [
                "the communication matrix"
            ])
    }
}

@Suite struct FindingScaleTests {
    /// A certification body's French scale: strengths, improvement tracks, sensitive points,
    /// minor and major nonconformities.
    static let scheme = """
        id: cb-fr
        extends: iso9001-2015
        title: ISO 9001 with the CB's scale
        policy:
          findings:
            escalate-minors: 2
            grades:
              - id: NCMaj
                title: Non-conformité majeure
                class: major
                prefix: NC
                days: 30
              - id: NCMin
                title: Non-conformité mineure
                class: minor
                prefix: NC
                days: 60
              - id: PS
                title: Point sensible
                class: observation
                prefix: PS
              - id: PP
                title: Piste de progrès
                class: ofi
                prefix: PP
              - id: PF
                title: Point fort
                class: strength
                prefix: PF
        """

    @Test func anotherSchemesGradesAreAChecklistChange() throws {
        let folder = TemporaryDirectory()
        let path = folder.write("cb-fr.yaml", Self.scheme)
        let validation = try ChecklistCatalog(folder: nil, files: [path]).validate(path: path)
        let checklist = try #require(validation.checklist, "\(validation.diagnostics)")
        let findings = checklist.policy.findings
        #expect(findings.grades.map(\.id) == ["NCMaj", "NCMin", "PS", "PP", "PF"])
        #expect(findings.grade(for: .major)?.id == "NCMaj")
        #expect(findings.grade(for: .minor)?.days == 60)
        #expect(findings.grade(named: "pf")?.findingClass == .strength)
        #expect(findings.escalateMinors == 2)
        #expect(checklist.policy.points == ScoringPolicy.standard.points)
    }
}
