import AuditModel
import AuditTestSupport
import Testing

/// The gap analysis and the readiness gates it feeds, on a small hand-built checklist.
@Suite struct GapAnalysisTests {
    static let checklist = Checklist(
        id: "t", title: "T", standard: "S", edition: "1", policy: .standard,
        clauses: [
            Clause(number: clause("7"), title: "Support"),
            Clause(
                number: clause("7.1"), title: "Resources",
                items: [ChecklistItem(id: "7.1-1", clause: clause("7.1"), question: "Resources?")]),
            Clause(
                number: clause("7.2"), title: "Competence",
                items: [
                    ChecklistItem(
                        id: "7.2-1", clause: clause("7.2"), question: "Competence records?",
                        documentedInformation: [
                            DocumentedInformation(kind: .retain, what: "competence")
                        ])
                ]),
            Clause(
                number: clause("7.5.3"), title: "Control",
                items: [
                    ChecklistItem(
                        id: "7.5.3-1", clause: clause("7.5.3"), question: "Controlled?",
                        documentedInformation: [
                            DocumentedInformation(kind: .maintain, what: "procedure")
                        ])
                ]),
            Clause(
                number: clause("8.3"), title: "Design",
                items: [
                    ChecklistItem(
                        id: "8.3-1", clause: clause("8.3"), question: "Design?", naAllowed: true,
                        documentedInformation: [
                            DocumentedInformation(
                                kind: .retain, what: "outputs", condition: "if design")
                        ]),
                    ChecklistItem(
                        id: "8.3-2", clause: clause("8.3"), question: "More design?",
                        naAllowed: true),
                ]),
            Clause(
                number: clause("9.2"), title: "Internal audit",
                items: [ChecklistItem(id: "9.2-1", clause: clause("9.2"), question: "Audited?")]),
            Clause(
                number: clause("9.3"), title: "Management review",
                items: [ChecklistItem(id: "9.3-1", clause: clause("9.3"), question: "Reviewed?")]),
        ])

    static func record(
        _ number: Int, _ kind: EvidenceKind, _ clauses: [String], review: String = "",
        removed: Bool = false, effective: String = "", title: String? = nil,
        sha256: String? = nil
    ) -> Evidence {
        Evidence(
            id: Evidence.id(number: number), source: "test",
            draft: EvidenceDraft(
                naturalKey: "k\(number)", kind: kind, title: title ?? "Evidence \(number)",
                location: "/files/\(number).pdf", sha256: sha256 ?? "ab\(number)",
                effectiveDate: effective, reviewDate: review, clauses: clauses.map(clause)),
            importedAt: "", updatedAt: "", removedFromSource: removed)
    }

    static let evidence = [
        record(1, .document, ["7"]),  // a section-level document: covers nothing below it
        record(2, .document, ["7.2"]),  // a document, where a record is required
        record(3, .document, ["7.5"], review: "2026-01-01"),  // covers 7.5.3; stale
        record(4, .document, ["9.2"]),  // the audit procedure only
        record(5, .record, ["9.3.3"], effective: "2026-03-01"),  // management review minutes
        record(6, .record, ["7.2"]),  // a record whose file is gone
        record(7, .record, ["7.1"], removed: true),  // no longer in its source
    ]

    static let responses: [String: Response] = [
        "7.1-1": Response(itemID: "7.1-1", verdict: .conforming),
        "7.2-1": Response(itemID: "7.2-1", verdict: .minor),
        "8.3-1": Response(itemID: "8.3-1", verdict: .na, justification: "We do no design."),
        "8.3-2": Response(itemID: "8.3-2", verdict: .na, justification: " "),
        "9.2-1": Response(itemID: "9.2-1", verdict: .conforming),
    ]

    static func analyse(links: [String: [String]] = [:]) -> GapAnalysis {
        GapAnalysis(
            checklist: checklist, responses: responses, evidence: evidence, links: links,
            fileStates: ["EV-0006": .missing], asOf: day("2026-06-01"))
    }

    @Test func findsEveryKindOfGap() {
        let gaps = Self.analyse()
        #expect(gaps.clausesWithoutEvidence.map(\.clause.description) == ["7.1"])
        #expect(
            gaps.clauses.first { $0.clause == clause("7.5.3") }?.evidenceIDs == ["EV-0003"],
            "a procedure for 7.5 covers 7.5.3")
        #expect(gaps.clauses.first { $0.clause == clause("8.3") }?.applicable == false)
        let presence = Dictionary(
            uniqueKeysWithValues: gaps.documentedInformation.map { ($0.itemID, $0.presence) })
        #expect(
            presence == ["7.2-1": .missing, "7.5.3-1": .stale, "8.3-1": .notApplicable],
            "a procedure past its review date does not satisfy the requirement")
        #expect(
            gaps.documentedInformation.first { $0.itemID == "8.3-1" }?.justification
                == "We do no design.")
        #expect(gaps.unanswered.map(\.itemID) == ["7.5.3-1", "9.3-1"])
        #expect(gaps.unjustifiedNA.map(\.itemID) == ["8.3-2"])
        #expect(
            gaps.evidenceIssues.map { "\($0.evidenceID) \($0.problem.rawValue)" } == [
                "EV-0003 stale", "EV-0006 missing", "EV-0007 removed from source",
            ])
        #expect(!gaps.internalAudit.isEvidenced)
        #expect(gaps.internalAudit.documentIDs == ["EV-0004"])
        #expect(gaps.managementReview.recordIDs == ["EV-0005"])
        #expect(!gaps.isClean)
    }

    @Test func evidenceLinkedToTheItemCountsWhateverItsKind() {
        let gaps = Self.analyse(links: ["7.2-1": ["EV-0002"], "7.1-1": ["EV-0006"]])
        #expect(
            gaps.documentedInformation.first { $0.itemID == "7.2-1" }?.evidenceIDs == ["EV-0002"])
        #expect(
            gaps.documentedInformation.first { $0.itemID == "7.2-1" }?.basis
                == "linked to 7.2-1")
        #expect(
            gaps.missingInformation.map(\.itemID) == ["7.5.3-1"],
            "only the stale procedure stays short")
        #expect(
            gaps.clausesWithoutEvidence.map(\.clause.description) == ["7.1"],
            "a link to evidence whose file is missing does not count")
    }

    /// A record filed under a clause and its parent, and linked to an item as well, is listed
    /// once, in id order, wherever it counts; a record of another kind does not fill in for the
    /// kind required.
    @Test func evidenceMetSeveralWaysIsListedOnce() {
        let evidence = [
            Self.record(1, .record, ["7.5.3"]),
            Self.record(2, .document, ["7.5", "7.5.3"]),
            Self.record(3, .document, ["7.5.3", "7.5"]),
            Self.record(4, .record, ["9.2", "9.2.2"]),
        ]
        let gaps = GapAnalysis(
            checklist: Self.checklist, responses: Self.responses, evidence: evidence,
            links: ["7.5.3-1": ["EV-0003", "EV-0001"], "9.2-1": ["EV-0004"]], fileStates: [:],
            asOf: day("2026-06-01"))
        #expect(
            gaps.clauses.first { $0.clause == clause("7.5.3") }?.evidenceIDs == [
                "EV-0001", "EV-0002", "EV-0003",
            ])
        #expect(
            gaps.documentedInformation.first { $0.itemID == "7.5.3-1" }?.evidenceIDs == [
                "EV-0001", "EV-0002", "EV-0003",
            ], "documents by clause, and whatever is linked")
        #expect(gaps.internalAudit.recordIDs == ["EV-0004"])
        #expect(gaps.internalAudit.documentIDs.isEmpty)
    }

    @Test func theEvidenceGatesFollowTheAnalysis() {
        let card = ScoreCard(
            checklist: Self.checklist, responses: Self.responses, register: .empty,
            gaps: Self.analyse())
        let statuses = Dictionary(
            uniqueKeysWithValues: card.readiness.gates.map { ($0.gate, $0.status) })
        #expect(
            statuses[.mandatoryDocumentedInformation]
                == .failed([
                    "7.2-1: no retained record on file",
                    "7.5.3-1: the maintained document on file is past its review date (EV-0003)",
                ]))
        #expect(
            statuses[.internalAudit]
                == .failed([
                    "only documents for 9.2 (EV-0004), no record of a completed internal audit"
                ]))
        #expect(
            statuses[.managementReview]
                == .passed(
                    "management review records on file: EV-0005, latest EV-0005 of 2026-03-01"))
        #expect(card.readiness.verdict == .notReady)

        let unchecked = ScoreCard(
            checklist: Self.checklist, responses: Self.responses, register: .empty)
        #expect(
            unchecked.readiness.gates.filter {
                if case .notEvaluated = $0.status { true } else { false }
            }.count == 3, "without the evidence the three evidence gates are not evaluated")
    }

    @Test func aCleanAuditPassesEveryCheck() {
        var responses = Self.responses
        responses["7.5.3-1"] = Response(itemID: "7.5.3-1", verdict: .conforming)
        responses["9.3-1"] = Response(itemID: "9.3-1", verdict: .conforming)
        responses["8.3-2"] = Response(itemID: "8.3-2", verdict: .na, justification: "No design.")
        let evidence = [
            Self.record(1, .record, ["7.1"]), Self.record(2, .record, ["7.2"]),
            Self.record(3, .document, ["7.5.3"]),
            Self.record(4, .record, ["9.2.2"], effective: "2026-02-01"),
            Self.record(5, .record, ["9.3"], effective: "2026-03-01"),
        ]
        let gaps = GapAnalysis(
            checklist: Self.checklist, responses: responses, evidence: evidence, links: [:],
            fileStates: [:], asOf: day("2026-06-01"))
        #expect(gaps.isClean)
        let card = ScoreCard(
            checklist: Self.checklist, responses: responses, register: .empty, gaps: gaps)
        #expect(card.readiness.verdict == .ready, "\(card.readiness.reasons)")
    }

    /// An item that names the evidence it expects is satisfied by evidence about it, not by
    /// whatever was filed under its clause: a calibration certificate is not the recorded basis
    /// for calibrating without a standard.
    @Test func documentedInformationIsMatchedByTopic() {
        let checklist = Checklist(
            id: "t", title: "T", standard: "S", edition: "1", policy: .standard,
            clauses: [
                Clause(
                    number: clause("7.1.5.2"), title: "Traceability",
                    items: [
                        ChecklistItem(
                            id: "7.1.5.2-2", clause: clause("7.1.5.2"), question: "Basis?",
                            evidence: .init(kinds: [.record], tags: ["calibration-basis"]),
                            documentedInformation: [
                                DocumentedInformation(
                                    kind: .retain, what: "the basis", condition: "no standard")
                            ], condition: "when no national standard exists")
                    ])
            ])
        func presence(_ evidence: [Evidence], links: [String: [String]] = [:]) -> (
            GapAnalysis.Presence?, String?
        ) {
            let entry = GapAnalysis(
                checklist: checklist, responses: [:], evidence: evidence, links: links,
                fileStates: [:], asOf: day("2026-06-01")
            ).documentedInformation.first
            return (entry?.presence, entry?.basis)
        }
        let certificate = Self.record(
            1, .record, ["7.1.5.2"], title: "Calibration certificate torque wrench")
        #expect(presence([certificate]).0 == .missing)
        #expect(
            presence([certificate], links: ["7.1.5.2-2": ["EV-0001"]]) == (
                .present, "linked to 7.1.5.2-2"
            ))
        let basis = Self.record(2, .record, ["7.1.5.2"], title: "Basis of calibration for fixtures")
        #expect(presence([certificate, basis]) == (.present, "about 'calibration-basis'"))
        var tagged = Self.record(3, .record, ["7.1.5.2"], title: "Fixture TF-3")
        tagged.draft.tags = ["calibration-basis"]
        #expect(presence([tagged]).0 == .present)
        // Answered 'not-arisen', the conditional requirement passes and is listed as such.
        let gaps = GapAnalysis(
            checklist: checklist,
            responses: [
                "7.1.5.2-2": Response(
                    itemID: "7.1.5.2-2", verdict: .notArisen,
                    note: "Every instrument is traceable to a national standard")
            ], evidence: [], links: [:], fileStates: [:], asOf: day("2026-06-01"))
        #expect(gaps.missingInformation.isEmpty)
        #expect(
            gaps.conditionsNotArisen.map(\.justification) == [
                "Every instrument is traceable to a national standard"
            ])
    }

    /// The internal audit must be recent, the management review after it and recent too, and
    /// one file imported through two sources counts once.
    @Test func auditAndReviewAreJudgedByTheirDates() {
        func analyse(_ evidence: [Evidence]) -> GapAnalysis {
            GapAnalysis(
                checklist: Self.checklist, responses: Self.responses, evidence: evidence,
                links: [:], fileStates: [:], asOf: day("2026-06-01"))
        }
        let old = analyse([
            Self.record(1, .record, ["9.2"], effective: "2025-04-30"),
            Self.record(2, .record, ["9.3"], effective: "2025-05-10"),
        ])
        #expect(
            old.internalAudit.problems == [
                "the latest record (EV-0001, 2025-04-30) is more than 12 months before 2026-06-01"
            ])
        let early = analyse([
            Self.record(1, .record, ["9.2"], effective: "2026-04-01"),
            Self.record(2, .record, ["9.3"], effective: "2026-02-01"),
        ])
        #expect(early.internalAudit.isEvidenced)
        #expect(
            early.managementReview.problems == [
                "the latest review (EV-0002, 2026-02-01) is dated before the latest internal audit"
                    + " (EV-0001, 2026-04-01): its results cannot have been an input (9.3.2)"
            ])
        let twice = analyse([
            Self.record(1, .record, ["9.2"], effective: "2026-04-01", sha256: "same"),
            Self.record(2, .record, ["9.2.2"], effective: "2026-04-01", sha256: "same"),
            Self.record(3, .record, ["9.3"], effective: "2026-05-01"),
        ])
        #expect(twice.internalAudit.recordIDs == ["EV-0001"], "one file, one record")
        #expect(twice.managementReview.isEvidenced)
        let undated = analyse([Self.record(1, .record, ["9.2"])])
        #expect(!undated.internalAudit.isEvidenced)
        #expect(undated.internalAudit.problems.first?.contains("has a date") == true)
    }

    /// A whole register: every list names the first thousand records and counts them all, and
    /// the verdicts are those of the records not named too.
    @Test func listsNameTheFirstThousandAndCountEveryRecord() {
        let gaps = Self.wholeRegister()
        let control = gaps.clauses.first { $0.clause == clause("7.5.3") }?.evidenceIDs
        #expect(control?.total == 2_501)
        #expect(control?.ids.count == EvidenceList.limit)
        #expect(control?.first == "EV-0001")
        #expect(control?.described().hasSuffix("EV-1000 … (1501 more)") == true)
        // Only the one current procedure, the last record of all, shows the requirement met.
        let procedure = gaps.documentedInformation.first { $0.itemID == "7.5.3-1" }
        #expect(procedure?.presence == .present)
        #expect(procedure?.evidenceIDs == ["EV-3701"])
        #expect(gaps.problemCounts == [.stale: 2_500])
        #expect(gaps.evidenceIssues.count == EvidenceList.limit)
        #expect(gaps.evidenceWithoutClauseCount == 1_200)
        #expect(gaps.evidenceWithoutClause.count == EvidenceList.limit)
    }

    /// 2,500 stale procedures for 7.5.3, 1,200 records with no clause, one current procedure.
    static func wholeRegister() -> GapAnalysis {
        var evidence: [Evidence] = []
        for number in 1...2_500 {
            evidence.append(Self.record(number, .document, ["7.5.3"], review: "2026-01-01"))
        }
        for number in 2_501...3_700 { evidence.append(Self.record(number, .record, [])) }
        evidence.append(Self.record(3_701, .document, ["7.5"]))
        return GapAnalysis(
            checklist: checklist, responses: responses, evidence: evidence, links: [:],
            fileStates: [:], asOf: day("2026-06-01"))
    }
}
