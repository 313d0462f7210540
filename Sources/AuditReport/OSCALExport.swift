public import AuditModel
import Crypto

/// What an OSCAL export is made from: the audit's records, and the evidence its answers and
/// findings name.
public struct OSCALInput: Sendable {
    /// The audit's metadata.
    public var info: AuditInfo
    /// The audit's checklist.
    public var checklist: Checklist
    /// The answers, by item.
    public var responses: [String: Response]
    /// The findings and their corrective actions.
    public var register: FindingRegister
    /// The audit plan (its days give the result's start and end).
    public var plan: AuditPlan
    /// Evidence ids linked to each item.
    public var links: [String: [String]]
    /// Every evidence record an item links or a finding cites, by id.
    public var evidence: [String: Evidence]
    /// When the audit last changed (the journal's last event), the document's last-modified.
    public var lastChange: String
    /// The number of journal events, the document's version.
    public var events: Int

    /// Creates the input.
    public init(
        info: AuditInfo, checklist: Checklist, responses: [String: Response],
        register: FindingRegister, plan: AuditPlan, links: [String: [String]],
        evidence: [String: Evidence], lastChange: String, events: Int
    ) {
        self.info = info
        self.checklist = checklist
        self.responses = responses
        self.register = register
        self.plan = plan
        self.links = links
        self.evidence = evidence
        self.lastChange = lastChange
        self.events = events
    }
}

/// The audit as OSCAL 1.1 documents: assessment results, and a plan of action and milestones
/// for its open nonconformities.
///
/// OSCAL identifies everything by UUID; these are version-5 UUIDs derived from the audit's own
/// id and what each object is (`observation:7.1.5.2-1`), so every export of the same audit
/// names the same things the same way and a later export updates, not duplicates, what another
/// tool imported. Clauses become control ids `clause-7.1.5.2` (OSCAL tokens cannot start with a
/// digit); qmsaudit's own facts are properties in the `urn:qmsaudit` namespace.
public enum OSCALExport {
    /// The OSCAL version written.
    public static let version = "1.1.2"
    static let namespace = "urn:qmsaudit"

    /// Nonconformities whose corrective action is not closed or cancelled, in register order.
    public static func openNonconformities(_ input: OSCALInput) -> [Finding] {
        input.register.findings.filter { finding in
            guard finding.isNonconformity, !finding.isWithdrawn else { return false }
            return !(input.register.actions[finding.id]?.state.isFinal ?? false)
        }
    }

    // MARK: - Assessment results

    /// The audit as an OSCAL assessment-results document: one result, an observation per
    /// answered item, a finding per finding raised (not withdrawn), a risk per nonconformity,
    /// and the evidence as back-matter resources with their SHA-256.
    public static func assessmentResults(_ input: OSCALInput) -> JSONValue {
        let ids = Identifiers(input.info.id)
        let findings = input.register.findings.filter { !$0.isWithdrawn }
        let nonconformities = findings.filter(\.isNonconformity)
        var result: [(String, JSONValue)] = [
            ("uuid", .string(ids.uuid("result"))),
            ("title", .string("\(input.info.type.rawValue) audit of \(input.info.organisation)")),
            ("description", .string(description(input))),
            ("start", .string(dateTime(input.plan.start, or: input.info.createdAt))),
        ]
        if let end = input.plan.end { result.append(("end", .string(dateTime(end)))) }
        result.append(("props", .array([property("checklist", input.checklist.id)])))
        result.append(
            (
                "reviewed-controls",
                .object([
                    (
                        "control-selections",
                        .array([
                            .object([
                                (
                                    "include-controls",
                                    .array(
                                        input.checklist.clauses.filter { !$0.items.isEmpty }.map {
                                            .object([("control-id", .string(controlID($0.number)))])
                                        })
                                )
                            ])
                        ])
                    )
                ])
            ))
        let observations = answeredItems(input).map { observation($0, input, ids) }
        if !observations.isEmpty { result.append(("observations", .array(observations))) }
        if !nonconformities.isEmpty {
            result.append(
                ("risks", .array(nonconformities.map { risk($0, input, ids, remediations: false) }))
            )
        }
        if !findings.isEmpty {
            result.append(("findings", .array(findings.map { finding($0, input, ids) })))
        }
        var document: [(String, JSONValue)] = [
            ("uuid", .string(ids.uuid("assessment-results"))),
            ("metadata", metadata(input, ids, title: "Audit results")),
            (
                "import-ap",
                .object([
                    ("href", .string("urn:uuid:\(input.info.id)")),
                    (
                        "remarks",
                        .string(
                            "qmsaudit keeps the audit plan in the audit itself (objectives,"
                                + " criteria, timetable); there is no separate assessment-plan"
                                + " document.")
                    ),
                ])
            ),
            ("results", .array([.object(result)])),
        ]
        let resources = backMatter(input, ids, items: answeredItems(input).map(\.id), findings)
        if !resources.isEmpty {
            document.append(("back-matter", .object([("resources", .array(resources))])))
        }
        return .object([("assessment-results", .object(document))])
    }

    // MARK: - Plan of action and milestones

    /// The open nonconformities as an OSCAL plan of action and milestones: a POA&M item and a
    /// risk per nonconformity, its corrective action as the risk's remediation with its steps
    /// as tasks due on their dates, and the observations and evidence behind it; `nil` when
    /// nothing is open (OSCAL requires at least one item).
    public static func planOfActionAndMilestones(_ input: OSCALInput) -> JSONValue? {
        let open = openNonconformities(input)
        guard !open.isEmpty else { return nil }
        let ids = Identifiers(input.info.id)
        let items = open.compactMap(\.itemID).filter { input.responses[$0] != nil }
        let answered = answeredItems(input).filter { items.contains($0.id) }
        var document: [(String, JSONValue)] = [
            ("uuid", .string(ids.uuid("plan-of-action-and-milestones"))),
            ("metadata", metadata(input, ids, title: "Corrective actions")),
            (
                "system-id",
                .object([
                    ("identifier-type", .string("http://ietf.org/rfc/rfc4122")),
                    ("id", .string(input.info.id)),
                ])
            ),
        ]
        if !answered.isEmpty {
            document.append(("observations", .array(answered.map { observation($0, input, ids) })))
        }
        document.append(
            ("risks", .array(open.map { risk($0, input, ids, remediations: true) })))
        document.append(
            (
                "poam-items",
                .array(
                    open.map { finding in
                        var item: [(String, JSONValue)] = [
                            ("uuid", .string(ids.uuid("poam-item:\(finding.id)"))),
                            ("title", .string(findingTitle(finding))),
                            ("description", .string(statement(finding))),
                            ("props", .array(findingProperties(finding, input))),
                        ]
                        item += relatedObservation(finding, input, ids)
                        item.append(relatedRisk(finding, ids))
                        return .object(item)
                    })
            ))
        let resources = backMatter(input, ids, items: answered.map(\.id), open)
        if !resources.isEmpty {
            document.append(("back-matter", .object([("resources", .array(resources))])))
        }
        return .object([("plan-of-action-and-milestones", .object(document))])
    }

    // MARK: - Parts

    private static func metadata(_ input: OSCALInput, _ ids: Identifiers, title: String)
        -> JSONValue
    {
        let organisation = ids.uuid("party:organisation")
        let auditors = input.info.auditors.map { ids.uuid("party:auditor:\($0)") }
        var parties: [JSONValue] = [
            .object([
                ("uuid", .string(organisation)), ("type", .string("organization")),
                ("name", .string(input.info.organisation)),
            ])
        ]
        parties += zip(input.info.auditors, auditors).map { name, uuid in
            .object([("uuid", .string(uuid)), ("type", .string("person")), ("name", .string(name))])
        }
        var responsible: [JSONValue] = [
            .object([
                ("role-id", .string("auditee")), ("party-uuids", .strings([organisation])),
            ])
        ]
        if !auditors.isEmpty {
            responsible.insert(
                .object([("role-id", .string("assessor")), ("party-uuids", .strings(auditors))]),
                at: 0)
        }
        return .object([
            (
                "title",
                .string(
                    "\(title): \(input.info.organisation) — \(input.checklist.title)")
            ),
            ("last-modified", .string(input.lastChange)),
            ("version", .string("journal event \(input.events)")),
            ("oscal-version", .string(version)),
            (
                "props",
                .array([
                    property("audit-id", input.info.id),
                    property("checklist-sha256", input.info.checklistSHA256),
                ])
            ),
            (
                "roles",
                .array([
                    .object([("id", .string("assessor")), ("title", .string("Auditor"))]),
                    .object([
                        ("id", .string("auditee")), ("title", .string("Audited organisation")),
                    ]),
                ])
            ),
            ("parties", .array(parties)),
            ("responsible-parties", .array(responsible)),
        ])
    }

    private static func answeredItems(_ input: OSCALInput) -> [ChecklistItem] {
        input.checklist.items.filter { input.responses[$0.id] != nil }
    }

    private static func observation(_ item: ChecklistItem, _ input: OSCALInput, _ ids: Identifiers)
        -> JSONValue
    {
        let response = input.responses[item.id]
        let linked = (input.links[item.id] ?? []).compactMap { input.evidence[$0] }
        let kinds = linked.isEmpty ? item.evidence.kinds : linked.map(\.draft.kind)
        var methods: [String] = []
        for kind in kinds {
            let method =
                switch kind {
                case .document, .record: "EXAMINE"
                case .interview: "INTERVIEW"
                case .observation: "TEST"
                }
            if !methods.contains(method) { methods.append(method) }
        }
        let raised = input.register.openedFromAnswer(item.id)
        var fields: [(String, JSONValue)] = [
            ("uuid", .string(ids.uuid("observation:\(item.id)"))),
            ("title", .string("\(item.id) (clause \(item.clause))")),
            ("description", .string(item.question)),
            (
                "props",
                .array([
                    property("item", item.id), property("clause", item.clause.description),
                    property("verdict", response?.verdict.rawValue ?? ""),
                ])
            ),
            ("methods", .strings(methods.isEmpty ? ["UNKNOWN"] : methods)),
            (
                "types",
                .strings([
                    raised != nil && raised?.isWithdrawn == false ? "finding" : "control-objective"
                ])
            ),
            ("collected", .string(response?.answeredAt ?? input.info.createdAt)),
        ]
        if !linked.isEmpty {
            fields.append(
                (
                    "relevant-evidence",
                    .array(
                        linked.map { evidence in
                            .object([
                                ("href", .string("#" + ids.uuid("evidence:\(evidence.id)"))),
                                ("description", .string(evidenceLabel(evidence))),
                            ])
                        })
                ))
        }
        var remarks: [String] = []
        if let response {
            if !response.note.isEmpty { remarks.append(response.note) }
            if !response.justification.isEmpty {
                remarks.append("Justification: \(response.justification)")
            }
            if !response.sample.isEmpty { remarks.append("Sample: \(response.sample)") }
            remarks.append("Answered by \(response.answeredBy).")
        }
        fields.append(("remarks", .string(remarks.joined(separator: "\n\n"))))
        return .object(fields)
    }

    private static func finding(_ finding: Finding, _ input: OSCALInput, _ ids: Identifiers)
        -> JSONValue
    {
        var fields: [(String, JSONValue)] = [
            ("uuid", .string(ids.uuid("finding:\(finding.id)"))),
            ("title", .string(findingTitle(finding))),
            ("description", .string(statement(finding))),
            ("props", .array(findingProperties(finding, input))),
            (
                "target",
                .object([
                    ("type", .string("objective-id")),
                    ("target-id", .string(controlID(finding.clause))),
                    (
                        "status",
                        .object([
                            (
                                "state",
                                .string(finding.isNonconformity ? "not-satisfied" : "satisfied")
                            )
                        ])
                    ),
                ])
            ),
        ]
        fields += relatedObservation(finding, input, ids)
        if finding.isNonconformity { fields.append(relatedRisk(finding, ids)) }
        var remarks: [String] = []
        if !finding.requirement.isEmpty { remarks.append("Requirement: \(finding.requirement)") }
        if !finding.evidence.isEmpty { remarks.append("Evidence: \(finding.evidence)") }
        if !remarks.isEmpty {
            fields.append(("remarks", .string(remarks.joined(separator: "\n\n"))))
        }
        return .object(fields)
    }

    private static func risk(
        _ finding: Finding, _ input: OSCALInput, _ ids: Identifiers, remediations: Bool
    ) -> JSONValue {
        let action = input.register.actions[finding.id]
        let status: String =
            switch action?.state {
            case nil, .open?: "open"
            case .contained?, .causeFound?: "investigating"
            case .planned?, .implemented?, .verified?: "remediating"
            case .closed?, .cancelled?: "closed"
            }
        var fields: [(String, JSONValue)] = [
            ("uuid", .string(ids.uuid("risk:\(finding.id)"))),
            ("title", .string(findingTitle(finding))),
            ("description", .string(statement(finding))),
            (
                "statement",
                .string(
                    finding.requirement.isEmpty
                        ? "The requirement of clause \(finding.clause) is not met."
                        : "Not met: \(finding.requirement)")
            ),
            ("props", .array([property("finding", finding.id)])),
            ("status", .string(status)),
        ]
        if let action {
            fields.append(("deadline", .string(dateTime(action.due))))
        }
        if remediations, let action {
            fields.append(("remediations", .array([remediation(finding, action, ids)])))
        }
        fields += relatedObservation(finding, input, ids)
        return .object(fields)
    }

    /// The observation of the answer a finding was raised from, when that item is answered.
    private static func relatedObservation(
        _ finding: Finding, _ input: OSCALInput, _ ids: Identifiers
    ) -> [(String, JSONValue)] {
        guard let itemID = finding.itemID, input.responses[itemID] != nil else { return [] }
        let uuid = JSONValue.string(ids.uuid("observation:\(itemID)"))
        return [("related-observations", .array([.object([("observation-uuid", uuid)])]))]
    }

    /// The risk every nonconformity is.
    private static func relatedRisk(_ finding: Finding, _ ids: Identifiers) -> (String, JSONValue) {
        let uuid = JSONValue.string(ids.uuid("risk:\(finding.id)"))
        return ("related-risks", .array([.object([("risk-uuid", uuid)])]))
    }

    private static func remediation(
        _ finding: Finding, _ action: CorrectiveAction, _ ids: Identifiers
    ) -> JSONValue {
        var description: [String] = []
        if !action.correction.isEmpty { description.append("Correction: \(action.correction)") }
        if !action.cause.isEmpty { description.append("Cause: \(action.cause)") }
        if !action.extent.isEmpty { description.append("Extent: \(action.extent)") }
        if description.isEmpty { description.append("Corrective action \(action.state.rawValue).") }
        var fields: [(String, JSONValue)] = [
            ("uuid", .string(ids.uuid("remediation:\(finding.id)"))),
            (
                "lifecycle",
                .string((action.state.rank ?? 0) >= 4 ? "completed" : "planned")
            ),
            ("title", .string("Corrective action for \(finding.id)")),
            ("description", .string(description.joined(separator: "\n\n"))),
            (
                "props",
                .array(
                    [property("state", action.state.rawValue)]
                        + (action.owner.isEmpty ? [] : [property("owner", action.owner)]))
            ),
        ]
        let tasks: [JSONValue] = action.steps.map { step in
            var task: [(String, JSONValue)] = [
                ("uuid", .string(ids.uuid("task:\(finding.id):\(step.number)"))),
                ("type", .string("action")),
                ("title", .string(step.what)),
            ]
            var props: [JSONValue] = []
            if !step.owner.isEmpty { props.append(property("owner", step.owner)) }
            if let done = step.done { props.append(property("done", done.description)) }
            if !step.evidence.isEmpty { props.append(property("evidence", step.evidence)) }
            if !props.isEmpty { task.append(("props", .array(props))) }
            if let due = step.due {
                task.append(
                    ("timing", .object([("on-date", .object([("date", .string(dateTime(due)))]))])))
            }
            return .object(task)
        }
        let deadline: JSONValue = .object([
            ("uuid", .string(ids.uuid("milestone:\(finding.id)"))),
            ("type", .string("milestone")),
            ("title", .string("\(finding.id) corrective action due")),
            ("timing", .object([("on-date", .object([("date", .string(dateTime(action.due)))]))])),
        ])
        fields.append(("tasks", .array(tasks + [deadline])))
        return .object(fields)
    }

    private static func backMatter(
        _ input: OSCALInput, _ ids: Identifiers, items: [String], _ findings: [Finding]
    ) -> [JSONValue] {
        var seen: Set<String> = []
        var ordered: [Evidence] = []
        let named = items.flatMap { input.links[$0] ?? [] } + findings.flatMap(\.evidenceIDs)
        for id in named where seen.insert(id).inserted {
            if let evidence = input.evidence[id] { ordered.append(evidence) }
        }
        return ordered.sorted { $0.id < $1.id }.map { evidence in
            var fields: [(String, JSONValue)] = [
                ("uuid", .string(ids.uuid("evidence:\(evidence.id)"))),
                ("title", .string(evidenceLabel(evidence))),
            ]
            var props = [
                property("evidence-id", evidence.id),
                property("kind", evidence.draft.kind.rawValue),
            ]
            if !evidence.draft.documentNumber.isEmpty {
                props.append(property("document-number", evidence.draft.documentNumber))
            }
            if !evidence.draft.revision.isEmpty {
                props.append(property("revision", evidence.draft.revision))
            }
            fields.append(("props", .array(props)))
            let location = evidence.filePath ?? evidence.draft.location
            if !location.isEmpty {
                var link: [(String, JSONValue)] = [("href", .string(uriReference(location)))]
                if !evidence.draft.sha256.isEmpty {
                    link.append(
                        (
                            "hashes",
                            .array([
                                .object([
                                    ("algorithm", .string("SHA-256")),
                                    ("value", .string(evidence.draft.sha256)),
                                ])
                            ])
                        ))
                }
                fields.append(("rlinks", .array([.object(link)])))
            }
            return .object(fields)
        }
    }

    // MARK: - Texts

    private static func description(_ input: OSCALInput) -> String {
        var lines = ["Scope: \(input.info.scope)"]
        if !input.info.sites.isEmpty {
            lines.append("Sites: " + input.info.sites.joined(separator: ", "))
        }
        lines.append(
            "Checklist: \(input.checklist.id) revision \(input.checklist.revision)"
                + " (\(input.checklist.edition))")
        if !input.plan.objectives.isEmpty {
            lines.append("Objectives: " + input.plan.objectives.joined(separator: "; "))
        }
        if !input.plan.criteria.isEmpty {
            lines.append("Criteria: " + input.plan.criteria.joined(separator: "; "))
        }
        return lines.joined(separator: "\n\n")
    }

    private static func findingTitle(_ finding: Finding) -> String {
        "\(finding.id) (\(finding.grade)) — clause \(finding.clause)"
    }

    private static func statement(_ finding: Finding) -> String {
        finding.statement.isEmpty ? "(statement not written yet)" : finding.statement
    }

    private static func findingProperties(_ finding: Finding, _ input: OSCALInput) -> [JSONValue] {
        var props = [
            property("finding", finding.id), property("class", finding.findingClass.rawValue),
            property("clause", finding.clause.description),
        ]
        if let state = input.register.actions[finding.id]?.state {
            props.append(property("action-state", state.rawValue))
        }
        if let reference = finding.reference, !reference.isEmpty {
            props.append(property("reference", reference))
        }
        return props
    }

    private static func evidenceLabel(_ evidence: Evidence) -> String {
        var label = "\(evidence.id) \(evidence.draft.title)"
        if !evidence.draft.documentNumber.isEmpty { label += " \(evidence.draft.documentNumber)" }
        if !evidence.draft.revision.isEmpty { label += " rev \(evidence.draft.revision)" }
        return label
    }

    private static func property(_ name: String, _ value: String) -> JSONValue {
        .object([
            ("name", .string(name)), ("ns", .string(namespace)),
            ("value", .string(value.isEmpty ? "-" : value)),
        ])
    }

    /// A clause as an OSCAL control id.
    public static func controlID(_ clause: ClauseNumber) -> String {
        "clause-\(clause)"
    }

    private static func dateTime(_ date: CalendarDate?, or fallback: String = "") -> String {
        guard let date else { return fallback }
        return "\(date)T00:00:00Z"
    }

    /// A location as a URI reference: URLs as they are, paths with what a URI may not hold
    /// percent-encoded (spaces, backslashes of Windows shares, letters outside ASCII).
    static func uriReference(_ location: String) -> String {
        if location.contains("://") { return location }
        let allowed = Set(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:@!$&'()*+,;=".utf8)
        var output = ""
        for byte in location.utf8 {
            if allowed.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (byte < 16 ? "0" : "") + hex
            }
        }
        return output
    }
}

/// Version-5 UUIDs (RFC 9562) in the audit's own namespace: the same name always gives the
/// same UUID for the same audit.
struct Identifiers {
    private let namespace: [UInt8]

    init(_ auditID: String) {
        var bytes: [UInt8] = []
        var high: UInt8?
        for character in auditID.lowercased().utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            default: continue
            }
            if let first = high {
                bytes.append(first << 4 | value)
                high = nil
            } else {
                high = value
            }
        }
        // An id that is not a UUID still gives a namespace of its own.
        namespace =
            bytes.count == 16
            ? bytes : Array(Insecure.SHA1.hash(data: Array(auditID.utf8)).prefix(16))
    }

    func uuid(_ name: String) -> String {
        var bytes = Array(Insecure.SHA1.hash(data: namespace + Array(name.utf8)).prefix(16))
        bytes[6] = bytes[6] & 0x0F | 0x50
        bytes[8] = bytes[8] & 0x3F | 0x80
        let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }
}
