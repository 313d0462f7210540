/// One thing the auditor checks: a question under a clause.
public struct ChecklistItem: Hashable, Sendable, Identifiable, Codable {
    /// The evidence an auditor expects to see for an item.
    public struct ExpectedEvidence: Hashable, Sendable, Codable {
        /// The kinds of evidence that usually prove the item.
        public var kinds: [EvidenceKind]
        /// Free tags naming typical evidence, such as `training-records`.
        public var tags: [String]

        /// Creates an expected-evidence description.
        public init(kinds: [EvidenceKind] = [], tags: [String] = []) {
            self.kinds = kinds
            self.tags = tags
        }
    }

    /// The item's identifier, unique in its checklist, for example `7.2-1`.
    public var id: String
    /// The clause the item belongs to.
    public var clause: ClauseNumber
    /// The question the auditor answers.
    public var question: String
    /// How to go about answering: what to look at, what good and bad look like.
    public var guidance: String
    /// The evidence the auditor expects.
    public var evidence: ExpectedEvidence
    /// How much the item counts in its clause's score; always greater than zero.
    public var weight: Double
    /// The audit stage the item is asked at.
    public var stage: Stage
    /// Whether the item may be answered not applicable (with a justification).
    public var naAllowed: Bool
    /// The mandatory documented information the item covers.
    public var documentedInformation: [DocumentedInformation]
    /// When the item applies only if something happens (a process is outsourced, customer
    /// property is lost), that condition, in our words; `nil` when it always applies.
    public var condition: String?
    /// Whether the item asks about good practice rather than a requirement: a finding on it
    /// alone is at most an observation or an opportunity for improvement.
    public var practice: Bool

    /// Creates a checklist item.
    public init(
        id: String, clause: ClauseNumber, question: String, guidance: String = "",
        evidence: ExpectedEvidence = ExpectedEvidence(), weight: Double = 1,
        stage: Stage = .both, naAllowed: Bool = false,
        documentedInformation: [DocumentedInformation] = [], condition: String? = nil,
        practice: Bool = false
    ) {
        self.id = id
        self.clause = clause
        self.question = question
        self.guidance = guidance
        self.evidence = evidence
        self.weight = weight
        self.stage = stage
        self.naAllowed = naAllowed
        self.documentedInformation = documentedInformation
        self.condition = condition
        self.practice = practice
    }

    private enum CodingKeys: String, CodingKey {
        case id, clause, question, guidance, evidence, weight, stage, naAllowed
        case documentedInformation, condition, practice
    }

    /// Decodes an item; `condition` and `practice` may be absent (checklists copied into audit
    /// files before they existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        clause = try container.decode(ClauseNumber.self, forKey: .clause)
        question = try container.decode(String.self, forKey: .question)
        guidance = try container.decode(String.self, forKey: .guidance)
        evidence = try container.decode(ExpectedEvidence.self, forKey: .evidence)
        weight = try container.decode(Double.self, forKey: .weight)
        stage = try container.decode(Stage.self, forKey: .stage)
        naAllowed = try container.decode(Bool.self, forKey: .naAllowed)
        documentedInformation = try container.decode(
            [DocumentedInformation].self, forKey: .documentedInformation)
        condition = try container.decodeIfPresent(String.self, forKey: .condition)
        practice = try container.decodeIfPresent(Bool.self, forKey: .practice) ?? false
    }

    /// Encodes the item; `practice` only when true, so checklists without it keep their bytes
    /// (and their SHA-256).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(clause, forKey: .clause)
        try container.encode(question, forKey: .question)
        try container.encode(guidance, forKey: .guidance)
        try container.encode(evidence, forKey: .evidence)
        try container.encode(weight, forKey: .weight)
        try container.encode(stage, forKey: .stage)
        try container.encode(naAllowed, forKey: .naAllowed)
        try container.encode(documentedInformation, forKey: .documentedInformation)
        try container.encodeIfPresent(condition, forKey: .condition)
        if practice { try container.encode(practice, forKey: .practice) }
    }

    /// Whether the item may be answered `not-arisen`.
    ///
    /// It depends on something happening (its `condition`), which may not have happened. A
    /// qualifier such as "to the extent necessary" on its documented information is no such
    /// condition.
    public var conditionMayNotArise: Bool { condition != nil }
}

/// A clause of the standard as the checklist presents it.
public struct Clause: Hashable, Sendable, Identifiable, Codable {
    /// The clause number.
    public var number: ClauseNumber
    /// The standard's title, or `nil` for the numbered paragraphs that have none.
    public var title: String?
    /// Our own short description, shown where the standard gives no title.
    public var label: String
    /// The items asked under this clause itself (not its sub-clauses), in checklist order.
    public var items: [ChecklistItem]
    /// Other names of the clause by language (`en`, `de`): its title in other editions and
    /// languages, and what organisations call the documents about it (`MR minutes`).
    public var synonyms: [String: [String]]

    /// Creates a clause.
    public init(
        number: ClauseNumber, title: String?, label: String = "", items: [ChecklistItem] = [],
        synonyms: [String: [String]] = [:]
    ) {
        self.number = number
        self.title = title
        self.label = label
        self.items = items
        self.synonyms = synonyms
    }

    private enum CodingKeys: String, CodingKey {
        case number, title, label, items, synonyms
    }

    /// Decodes a clause; checklists stored before synonyms existed have none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        number = try container.decode(ClauseNumber.self, forKey: .number)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        label = try container.decode(String.self, forKey: .label)
        items = try container.decode([ChecklistItem].self, forKey: .items)
        synonyms = try container.decodeIfPresent([String: [String]].self, forKey: .synonyms) ?? [:]
    }

    /// Encodes a clause, leaving out synonyms when it has none.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(number, forKey: .number)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encode(label, forKey: .label)
        try container.encode(items, forKey: .items)
        if !synonyms.isEmpty { try container.encode(synonyms, forKey: .synonyms) }
    }

    /// The clause's identity is its number.
    public var id: ClauseNumber { number }

    /// The title when there is one, otherwise the label in brackets, for display.
    public var heading: String {
        if let title, !title.isEmpty { return title }
        return label.isEmpty ? "(untitled)" : "(\(label))"
    }
}
