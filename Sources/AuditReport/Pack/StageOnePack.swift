public import AuditModel

/// The Stage 1 evidence pack (`qmsaudit pack`): what the organisation sends its certification
/// body before the Stage 1 review, built from the audit alone.
///
/// The same audit judged on the same day gives the same bytes: files are written in a fixed
/// order, every timestamp in them is the audit's last change (its last journal event), and
/// nothing depends on the clock or the machine.
public struct StageOnePack: Sendable {
    /// The `schema` value of `manifest.json`.
    public static let schema = "qmsaudit-pack/1"
    /// The manifest's file name.
    public static let manifestName = "manifest.json"
    /// The journal's file name.
    public static let journalName = "journal.jsonl"
    /// How many evidence rows `index.html` shows; the registers hold them all.
    public static let pageEvidenceLimit = 5000

    /// The audit.
    public var info: AuditInfo
    /// Its checklist.
    public var checklist: Checklist
    /// Its responses by item id.
    public var responses: [String: Response]
    /// Its findings and corrective actions.
    public var register: FindingRegister
    /// Its evidence, read a record at a time with the state of each file (copying re-checks
    /// the files it copies).
    public var evidence: any EvidenceRegister
    /// Evidence ids linked to each item.
    public var links: [String: [String]]
    /// The whole journal.
    public var journal: [JournalEvent]
    /// The day stale evidence and overdue actions are judged on.
    public var asOf: CalendarDate
    /// Whether to copy the evidence files into the pack.
    public var copyEvidence: Bool
    /// The tool's version, for the manifest.
    public var toolVersion: String
    /// Who the pack is for.
    public var audience: Audience = .organisation
    /// The organisation's profile, for the certification body's application review.
    public var profile = OrganisationProfile()
    /// The audit plan.
    public var plan = AuditPlan()
    /// More files to pack beside the registers (`programme/plan.csv`), path and text: the
    /// programme's plan, coverage and review input; listed in the manifest like the rest.
    public var supplements: [(path: String, text: String)] = []

    /// Who a pack is written for.
    public enum Audience: String, CaseIterable, Sendable {
        /// The organisation itself: everything, its own conformity figures and readiness
        /// verdict included.
        case organisation
        /// The certification body: the registers, the N/A justifications, the documented
        /// information matrix, the programme records and the NC register, but no internal
        /// conformity percentages or readiness verdict (certification bodies do not score).
        case certificationBody = "certification-body"

        /// Whether the organisation's own scoring goes in.
        public var includesScoring: Bool { self == .organisation }
    }

    /// Creates a pack description.
    public init(
        info: AuditInfo, checklist: Checklist, responses: [String: Response],
        register: FindingRegister, evidence: any EvidenceRegister, links: [String: [String]],
        journal: [JournalEvent], asOf: CalendarDate, copyEvidence: Bool, toolVersion: String
    ) {
        self.info = info
        self.checklist = checklist
        self.responses = responses
        self.register = register
        self.evidence = evidence
        self.links = links
        self.journal = journal
        self.asOf = asOf
        self.copyEvidence = copyEvidence
        self.toolVersion = toolVersion
    }

    /// What was written.
    public struct Summary: Sendable {
        /// Every file but the manifest, in the order written.
        public var files: [PackedFile]
        /// The manifest's own SHA-256: send it separately so the manifest can be trusted.
        public var manifestSHA256: String
        /// The gap analysis in the pack.
        public var gaps: GapAnalysis
        /// The score in the pack.
        public var card: ScoreCard
        /// Evidence files copied.
        public var copied: Int
        /// Evidence whose file could not be copied (missing).
        public var notCopied: EvidenceList
    }

    /// The audit's last change: the time of its last journal event.
    public var lastChange: String { journal.last?.time ?? info.createdAt }

    /// Writes the pack into `sink` and finishes it; on any error the sink is abandoned.
    ///
    /// - Returns: what was written.
    /// - Throws: `PackError` when a file cannot be written.
    public func write(to sink: any PackSink) throws -> Summary {
        do {
            let summary = try writeFiles(to: sink)
            try sink.finish()
            return summary
        } catch {
            sink.abandon()
            throw error
        }
    }

    /// Writes the pack into a folder, a ZIP file, or both; with both, the ZIP is copied from
    /// the folder just written, so the two hold the same bytes.
    ///
    /// - Parameters:
    ///   - folder: the pack folder, or `nil`.
    ///   - zip: the ZIP file, or `nil`; at least one of the two must be given.
    /// - Returns: what was written.
    /// - Throws: `PackError` when a file cannot be written.
    public func write(folder: String?, zip: String?) throws -> Summary {
        guard let folder else {
            guard let zip else { preconditionFailure("a pack needs a folder or a ZIP file") }
            return try write(to: ZipSink(path: zip, timestamp: lastChange))
        }
        let summary = try write(to: FolderSink(path: folder))
        if let zip {
            try Rezip(folder: folder, summary: summary).write(
                to: ZipSink(path: zip, timestamp: lastChange))
        }
        return summary
    }

    /// What the first reading of the register found of one record, for the second: its
    /// number, to see it is the same record, its file's state and whether it was copied.
    private struct Mark {
        var number: UInt32
        var state: EvidenceFileState?
        var copied: Bool
    }

    private func writeFiles(to sink: any PackSink) throws -> Summary {
        var files: [PackedFile] = []
        var digest = EvidenceDigest(checklist: checklist, links: links, asOf: asOf)
        var marks: [Mark] = []
        var copied = 0
        var notCopied: [String] = []
        var notCopiedCount = 0
        var pageRows: [[String]] = []
        try evidence.forEachEvidence { record, found in
            var state = found
            var copy: String?
            if copyEvidence, !record.removedFromSource, let file = record.filePath {
                let path = Self.copyPath(record)
                if let packed = try sink.add(path, copying: file) {
                    files.append(packed)
                    copy = path
                    copied += 1
                    state = packed.sha256 == record.draft.sha256 ? nil : .changed
                } else {
                    state = .missing
                    notCopiedCount += 1
                    if notCopied.count < EvidenceList.limit { notCopied.append(record.id) }
                }
            }
            digest.add(record, fileState: state)
            marks.append(
                Mark(
                    number: UInt32(clamping: Evidence.number(id: record.id) ?? 0), state: state,
                    copied: copy != nil))
            if pageRows.count < Self.pageEvidenceLimit {
                pageRows.append(evidenceRow(record, state: state, copy: copy))
            }
        }
        let gaps = GapAnalysis(checklist: checklist, responses: responses, digest: digest)
        let card = ScoreCard(
            checklist: checklist, responses: responses, register: register, gaps: gaps)
        let titles = try titles(gaps: gaps)
        let ncReport = NCReport(
            info: info, register: register, policy: checklist.policy.findings, today: asOf,
            generatedAt: lastChange, evidenceTitles: titles,
            notedInAnswers: NCReport.notedInAnswers(
                checklist: checklist, responses: responses, register: register))
        let page = PackIndexPage(
            pack: self, gaps: gaps, card: card, evidenceRows: pageRows,
            evidenceCount: marks.count, titles: titles)

        func add(_ path: String, _ text: String) throws {
            files.append(try sink.add(path, bytes: Array(text.utf8)))
        }
        try add("index.html", page.render())
        try add("README.txt", readme(card: card))
        try add(
            "registers/organisation.json",
            JSONValue.object([
                ("profile", AuditDetailsRenderer.profileJSON(profile)),
                ("sites", .strings(info.sites)), ("scope", .string(info.scope)),
            ]).rendered())
        if audience.includesScoring {
            try add(
                "registers/conformity.csv",
                ScoreRenderer.render(
                    card, info: info, grouping: .clause, format: .csv, explain: false))
            try add(
                "registers/conformity.json",
                ScoreRenderer.render(
                    card, info: info, grouping: .clause, format: .json, explain: true))
        }
        let naRows = naRegister()
        try add("registers/na-register.csv", CSVOutput.render(header: Self.naHeader, rows: naRows))
        try add("registers/na-register.json", Self.json(header: Self.naHeader, rows: naRows))
        let notArisen = notArisenRegister()
        try add(
            "registers/conditions-not-arisen.csv",
            CSVOutput.render(header: Self.notArisenHeader, rows: notArisen))
        try add(
            "registers/conditions-not-arisen.json",
            Self.json(header: Self.notArisenHeader, rows: notArisen))
        let matrix = GapRenderer.matrixRows(gaps)
        try add(
            "registers/documented-information.csv",
            CSVOutput.render(header: GapRenderer.matrixHeader, rows: matrix))
        try add(
            "registers/documented-information.json",
            Self.json(header: GapRenderer.matrixHeader, rows: matrix))
        try add("registers/findings.csv", ncReport.render(.csv))
        try add("registers/findings.json", ncReport.render(.json))
        try add("registers/nc-report.html", ncReport.render(.html))
        try addRegister("registers/evidence.csv", marks: marks, to: sink, &files) { row, _ in
            row.map(CSVOutput.cell).joined(separator: ",") + "\r\n"
        }
        try addRegister("registers/evidence.json", marks: marks, to: sink, &files) { row, record in
            JSONValue.object(
                zip(Self.evidenceHeader, row).map { name, text in
                    (
                        name,
                        name == "attributes"
                            ? .object(record.draft.attributes.map { ($0.name, .string($0.value)) })
                            : .string(text)
                    )
                }
            ).rendered(depth: 1)
        }
        if audience.includesScoring {
            try add("registers/gaps.csv", GapRenderer.render(gaps, info: info, format: .csv))
            try add("registers/gaps.json", GapRenderer.render(gaps, info: info, format: .json))
        }
        for supplement in supplements { try add(supplement.path, supplement.text) }
        try add(Self.journalName, Self.journalLines(journal))
        try add(
            "SHA256SUMS", files.map { "\($0.sha256)  \($0.path)\n" }.joined())
        let manifest = try sink.add(
            Self.manifestName, bytes: Array(manifestJSON(files: files, card: card).utf8))
        guard try evidence.journalHead() == (journal.last?.hash ?? JournalEvent.genesis) else {
            throw PackError.auditChanged
        }
        return Summary(
            files: files, manifestSHA256: manifest.sha256, gaps: gaps, card: card,
            copied: copied, notCopied: EvidenceList(notCopied, total: notCopiedCount))
    }

    /// Titles of the evidence the pages name: cited by findings, shown for the mandatory
    /// documented information and for internal audit and management review.
    private func titles(gaps: GapAnalysis) throws -> [String: String] {
        var ids = Set(register.findings.flatMap(\.evidenceIDs))
        for entry in gaps.documentedInformation { ids.formUnion(entry.evidenceIDs) }
        for activity in [gaps.internalAudit, gaps.managementReview] {
            ids.formUnion(activity.recordIDs.prefix(PackIndexPage.activityLimit))
            ids.formUnion(activity.documentIDs.prefix(PackIndexPage.activityLimit))
        }
        return Dictionary(
            try evidence.evidence(ids: ids).map { ($0.id, $0.draft.title) },
            uniquingKeysWith: { first, _ in first })
    }

    /// Writes the evidence register `path` from a second reading of the register, a row at a
    /// time (`line` renders one; CSV gets the header first, JSON is an array of its objects).
    private func addRegister(
        _ path: String, marks: [Mark], to sink: any PackSink, _ files: inout [PackedFile],
        line: ([String], Evidence) -> String
    ) throws {
        let json = path.hasSuffix(".json")
        files.append(
            try sink.add(path) { write in
                var index = 0
                var buffer = json ? "" : CSVOutput.render(header: Self.evidenceHeader, rows: [])
                try evidence.forEachEvidence { record, _ in
                    guard index < marks.count,
                        marks[index].number == UInt32(clamping: Evidence.number(id: record.id) ?? 0)
                    else { throw PackError.auditChanged }
                    let mark = marks[index]
                    let row = evidenceRow(
                        record, state: mark.state, copy: mark.copied ? Self.copyPath(record) : nil)
                    if json { buffer += index == 0 ? "[\n  " : ",\n  " }
                    buffer += line(row, record)
                    index += 1
                    if buffer.utf8.count >= 1 << 16 {
                        try write(buffer)
                        buffer = ""
                    }
                }
                guard index == marks.count else { throw PackError.auditChanged }
                if json { buffer += index == 0 ? "[]\n" : "\n]\n" }
                try write(buffer)
            })
    }

    /// A pack folder written moments ago, to be copied file by file into another sink (a
    /// ZIP) in the order it was written, each file checked against its hash on the way.
    struct Rezip: Sendable {
        /// The pack folder.
        public var folder: String
        /// What was written into it.
        public var summary: Summary

        /// Describes the copy of `folder`, written as `summary` says.
        public init(folder: String, summary: Summary) {
            self.folder = folder
            self.summary = summary
        }

        /// Copies the files into `sink` and finishes it; on any error the sink is abandoned.
        ///
        /// - Throws: `PackError` when a file cannot be read or changed since it was written.
        public func write(to sink: any PackSink) throws {
            do {
                let manifest = PackedFile(
                    path: StageOnePack.manifestName, size: 0, sha256: summary.manifestSHA256)
                for file in summary.files + [manifest] {
                    let source = folder + "/" + file.path
                    guard let copied = try sink.add(file.path, copying: source) else {
                        throw PackError.cannotRead(path: source, reason: "it disappeared")
                    }
                    guard copied.sha256 == file.sha256 else {
                        throw PackError.cannotRead(
                            path: source, reason: "it changed while the ZIP was written")
                    }
                }
                try sink.finish()
            } catch {
                sink.abandon()
                throw error
            }
        }
    }

    /// Where a copy of the evidence's file goes: `evidence/EV-0001/<file name>`.
    static func copyPath(_ record: Evidence) -> String {
        let location = record.draft.location
        var name = String(location.split(separator: "/").last ?? "file")
        if name == "." || name == ".." || name.isEmpty { name = "file" }
        return "evidence/\(record.id)/\(name)"
    }

    // MARK: - Registers

    static let naHeader = [
        "item", "clause", "question", "justification", "answered_by", "answered_at",
    ]

    /// One row per N/A item, or one for a whole clause answered N/A with one justification.
    func naRegister() -> [[String]] {
        NotApplicableRegister(checklist: checklist, responses: responses).entries.map { entry in
            [
                entry.label, entry.clause.description,
                entry.wholeClause ? "the whole clause: \(entry.text)" : entry.text,
                entry.justification, entry.answeredBy, entry.answeredAt,
            ]
        }
    }

    static let notArisenHeader = [
        "item", "clause", "question", "condition", "note", "answered_by", "answered_at",
    ]

    /// The items answered `not-arisen`: applicable, but the condition that calls for them has
    /// not arisen — not in the N/A register.
    func notArisenRegister() -> [[String]] {
        checklist.items.compactMap { item in
            guard let response = responses[item.id], response.verdict == .notArisen else {
                return nil
            }
            return [
                item.id, item.clause.description, item.question, item.condition ?? "",
                response.note, response.answeredBy, response.answeredAt,
            ]
        }
    }

    static let evidenceHeader = [
        "id", "kind", "number", "title", "revision", "clauses", "owner", "status", "effective",
        "review", "location", "size", "modified", "sha256", "state", "copy", "source",
        "description", "attributes",
    ]

    func evidenceRow(_ record: Evidence, state: EvidenceFileState?, copy: String?) -> [String] {
        let draft = record.draft
        let condition =
            record.removedFromSource
            ? "removed from source"
            : state?.rawValue ?? (record.isStale(on: asOf.description) ? "stale" : "current")
        return [
            record.id, draft.kind.rawValue, draft.documentNumber, draft.title, draft.revision,
            draft.clauses.map(\.description).joined(separator: " "), draft.owner, draft.status,
            draft.effectiveDate, draft.reviewDate, draft.location,
            draft.size.map(String.init) ?? "",
            draft.modified, draft.sha256, condition, copy ?? "", record.source,
            draft.description, EvidenceAttribute.json(draft.attributes),
        ]
    }

    /// A register as a JSON array of objects keyed by the CSV header.
    static func json(header: [String], rows: [[String]]) -> String {
        JSONValue.array(
            rows.map { row in .object(zip(header, row).map { ($0, .string($1)) }) }
        ).rendered()
    }

    /// The journal as JSON Lines, every field the hash chain covers.
    static func journalLines(_ events: [JournalEvent]) -> String {
        events.map { event in
            JSONValue.object([
                ("seq", .number(Double(event.sequence))), ("time", .string(event.time)),
                ("actor", .string(event.actor)), ("command", .string(event.command)),
                ("entity", .string(event.entity)), ("action", .string(event.action)),
                ("before", .optional(event.before)), ("after", .optional(event.after)),
                ("previous_sha256", .string(event.previousHash)), ("sha256", .string(event.hash)),
            ]).compact() + "\n"
        }.joined()
    }

    private func manifestJSON(files: [PackedFile], card: ScoreCard) -> String {
        var members: [(String, JSONValue)] = [
            ("schema", .string(Self.schema)),
            ("tool", .string("qmsaudit \(toolVersion)")),
            ("organisation", .string(info.organisation)),
            ("audit", .string(info.id)),
            (
                "checklist",
                .string("\(info.checklistID) revision \(info.checklistRevision)")
            ),
            ("as_of", .string(asOf.description)),
            ("last_change", .string(lastChange)),
            ("audience", .string(audience.rawValue)),
        ]
        if audience.includesScoring {
            members.append(("readiness", .string(card.readiness.verdict.rawValue)))
        }
        members += [
            (
                "journal",
                .object([
                    ("file", .string(Self.journalName)),
                    ("events", .number(Double(journal.count))),
                    ("head", .string(journal.last?.hash ?? JournalEvent.genesis)),
                ])
            ),
            (
                "files",
                .array(
                    files.map { file in
                        .object([
                            ("path", .string(file.path)), ("size", .number(Double(file.size))),
                            ("sha256", .string(file.sha256)),
                        ])
                    })
            ),
        ]
        return JSONValue.object(members).rendered()
    }

    private func readme(card: ScoreCard) -> String {
        """
        Stage 1 evidence pack: \(info.organisation)
        ============================================================

        Prepared with qmsaudit \(toolVersion) from the organisation's internal audit
        (checklist \(info.checklistID) revision \(info.checklistRevision)). The audit was last
        changed at \(lastChange); evidence review dates and corrective-action due dates are
        judged as of \(asOf). \(audience.includesScoring
                ? "Readiness at the time of packing: \(card.readiness.verdict.rawValue)."
                : "Written for the certification body: the organisation's own conformity figures and readiness verdict are left out.")

        Start with index.html: it opens in any browser, offline, and loads nothing from
        anywhere. It holds the organisation's profile (legal entity, sites, headcount, shifts,
        outsourced processes), the scope, the register of requirements the organisation treats
        as not applicable with their justifications, the conditions that have not arisen,\(audience.includesScoring ? " the readiness verdict and its reasons, conformity per clause," : "")
        the mandatory documented information matrix, the status of internal audit and
        management review, the nonconformity and corrective-action register,\(audience.includesScoring ? " the gaps still open" : "")
        and the evidence register with SHA-256 hashes.

        Contents
          index.html                       the pack, one self-contained page
          registers/*.csv, *.json          each register for spreadsheets and other tools:
                                           organisation,\(audience.includesScoring ? " conformity," : "") na-register,
                                           conditions-not-arisen, documented-information,
                                           findings (and nc-report.html), evidence\(audience.includesScoring ? ", gaps" : "")
          journal.jsonl                    every change made to the audit, one JSON object per
                                           line, each chained to the one before by SHA-256
          evidence/EV-…/                   copies of the evidence files, when included
          SHA256SUMS                       checksums, for `sha256sum -c SHA256SUMS`
          manifest.json                    size and SHA-256 of every file in the pack

        Checking the pack
          qmsaudit pack verify PACK        checks every file against manifest.json, looks for
                                           missing and extra files, and re-computes the
                                           journal's hash chain; exit status 0 when all holds.
          sha256sum -c SHA256SUMS          the same file check without qmsaudit.
        Ask the organisation for the SHA-256 of manifest.json through a separate channel: with
        it, `qmsaudit pack verify PACK --manifest-sha256 HEX` proves the pack is the one sent.

        """
    }
}
