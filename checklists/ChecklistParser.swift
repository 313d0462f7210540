import AuditModel
import Yams

/// Turns the text of a checklist file into a `ChecklistDocument`, reporting every problem of
/// syntax, shape and type it finds, each with its line and column.
struct ChecklistParser {
    /// The newest checklist format this version of qmsaudit reads.
    static let supportedFormat = 1

    static let itemIDPattern = "letters, digits, '.', '-' or '_', starting with a letter or digit"

    private var reader: YAMLNodeReader
    /// The `stage` nodes of items asked at Stage 1 only.
    private var stageOneNodes: [(id: String, node: Node)] = []
    private let source: String

    init(path: String, source: String) {
        self.reader = YAMLNodeReader(path: path)
        self.source = source
    }

    /// Parses the file; the document is `nil` only when the file is not usable YAML at all.
    static func parse(path: String, source: String) -> (ChecklistDocument?, [Diagnostic]) {
        var parser = ChecklistParser(path: path, source: source)
        let document = parser.parseDocument()
        return (document, parser.reader.diagnostics)
    }

    private mutating func parseDocument() -> ChecklistDocument? {
        guard let root = reader.compose(source) else {
            if !reader.diagnostics.containsErrors {
                reader.report(
                    .error(
                        "the file is empty; a checklist needs at least 'id', 'title' and 'clauses'",
                        at: SourceLocation(path: reader.path, line: 1, column: 1)))
            }
            return nil
        }
        let allowed = [
            "format", "id", "title", "standard", "edition", "revision", "extends", "policy",
            "clauses", "tighten", "remove", "supersedes", "mapping", "draft",
        ]
        guard
            let fields = reader.mapping(
                root, what: "the checklist", allowed: allowed, required: ["id", "title"])
        else { return nil }

        var document = ChecklistDocument(path: reader.path, source: source)
        if let node = fields["format"], let version = reader.integer(node, what: "'format'") {
            if version < 1 || version > Self.supportedFormat {
                reader.error(
                    "checklist format \(version) is not supported; this qmsaudit reads format 1"
                        + " up to \(Self.supportedFormat)", at: node)
                return nil
            }
            document.formatVersion = version
        }
        if let node = fields["id"], let id = reader.requiredString(node, what: "'id'", in: root) {
            if Self.isValidChecklistID(id) {
                document.id = .init(value: id, location: reader.location(node))
            } else {
                reader.error(
                    "checklist id '\(id)' must be lowercase letters, digits, '.' or '-',"
                        + " starting with a letter or digit", at: node)
            }
        }
        document.title = reader.requiredString(fields["title"], what: "'title'", in: root)
        document.standard = reader.string(fields["standard"], what: "'standard'")
        document.edition = reader.string(fields["edition"], what: "'edition'")
        document.revision = reader.string(fields["revision"], what: "'revision'")
        if let node = fields["extends"],
            let base = reader.requiredString(node, what: "'extends'", in: root)
        {
            document.extends = .init(value: base, location: reader.location(node))
        } else {
            for key in ["tighten", "remove"] {
                if let node = fields.keyNode(key) {
                    reader.error(
                        "'\(key)' is only meaningful in a checklist that 'extends' another",
                        at: node)
                }
            }
        }
        if fields["extends"] == nil {
            for key in ["standard", "edition"] where fields[key] == nil {
                reader.error("the checklist is missing '\(key)'", at: root)
            }
        }
        if let node = fields["policy"] { document.policy = parsePolicy(node) }
        if let node = fields["clauses"] {
            document.clauses = reader.sequence(node, what: "'clauses'").compactMap {
                parseClause($0)
            }
        } else if fields["extends"] == nil {
            reader.error("the checklist is missing 'clauses'", at: root)
        }
        if fields["extends"] == nil {
            // A certification body's Stage 2 audits every requirement; only an overlay (a
            // Stage 1 rehearsal) has questions of its own for Stage 1 alone.
            for (id, node) in stageOneNodes {
                reader.warning(
                    "item '\(id)' is asked at Stage 1 only, but Stage 2 audits every requirement;"
                        + " give it 'stage: both' (questions for Stage 1 alone belong in an"
                        + " overlay that extends this checklist)", at: node)
            }
        }
        document.tighten = reader.sequence(fields["tighten"], what: "'tighten'").compactMap {
            parseTighten($0)
        }
        document.remove = reader.sequence(fields["remove"], what: "'remove'").compactMap {
            parseRemove($0)
        }
        if let node = fields["draft"] { document.draft = reader.bool(node, what: "'draft'") }
        if let node = fields["supersedes"],
            let old = reader.requiredString(node, what: "'supersedes'", in: root)
        {
            document.supersedes = .init(value: old, location: reader.location(node))
        }
        if let node = fields["mapping"] {
            if document.supersedes == nil {
                reader.error(
                    "'mapping' leads from the checklist named by 'supersedes'; add 'supersedes'",
                    at: fields.keyNode("mapping") ?? node)
            }
            document.mapping = reader.sequence(node, what: "'mapping'").compactMap {
                parseMapping($0)
            }
        }
        return document
    }

    /// One `mapping:` entry: `clause:` or `item:` (the old one), `to:` (a value or a list of
    /// the new ones; empty for withdrawn), `note:`.
    private mutating func parseMapping(_ node: Node) -> ChecklistDocument.MappingEntry? {
        guard
            let fields = reader.mapping(
                node, what: "a mapping entry", allowed: ["clause", "item", "to", "note"],
                required: ["to"])
        else { return nil }
        let level: EditionMapping.Entry.Level
        let fromNode: Node
        switch (fields["clause"], fields["item"]) {
        case (let clause?, nil):
            level = .clause
            fromNode = clause
        case (nil, let item?):
            level = .item
            fromNode = item
        default:
            reader.error("a mapping entry names one old 'clause' or one old 'item'", at: node)
            return nil
        }
        guard let from = reader.string(fromNode, what: "the old \(level.rawValue)") else {
            return nil
        }
        if level == .clause, ClauseNumber(from) == nil {
            reader.error("'\(from)' is not a clause number", at: fromNode)
            return nil
        }
        var targets: [(String, Node)] = []
        if let toNode = fields["to"] {
            if toNode.sequence != nil {
                targets = reader.strings(toNode, what: "'to'")
            } else if let single = reader.string(toNode, what: "'to'") {
                targets = [(single, toNode)]
            }
        }
        for (target, targetNode) in targets where level == .clause && ClauseNumber(target) == nil {
            reader.error("'\(target)' is not a clause number", at: targetNode)
            return nil
        }
        return ChecklistDocument.MappingEntry(
            entry: EditionMapping.Entry(
                level: level, from: from, to: targets.map(\.0),
                note: reader.string(fields["note"], what: "'note'") ?? ""),
            fromLocation: reader.location(fromNode),
            toLocations: targets.map { reader.location($0.1) })
    }

    static func isValidChecklistID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.isLowerAlphanumeric else { return false }
        return id.count <= 64
            && id.unicodeScalars.allSatisfy { $0.isLowerAlphanumeric || $0 == "-" || $0 == "." }
    }

    static func isValidItemID(_ id: String) -> Bool {
        guard let first = id.unicodeScalars.first, first.isASCIIAlphanumeric else { return false }
        return id.count <= 40
            && id.unicodeScalars.allSatisfy {
                $0.isASCIIAlphanumeric || $0 == "-" || $0 == "." || $0 == "_"
            }
    }

    // MARK: - Policy

    private mutating func parsePolicy(_ node: Node) -> ChecklistDocument.PolicyEntry? {
        guard
            let fields = reader.mapping(
                node, what: "'policy'", allowed: ["points", "gates", "findings", "vocabulary"])
        else { return nil }
        var policy = ChecklistDocument.PolicyEntry(
            points: [:], gates: nil, location: reader.location(node))
        if let pointsNode = fields["points"] {
            if let mapping = pointsNode.mapping {
                for (key, valueNode) in mapping {
                    parsePoints(key: key, value: valueNode, into: &policy)
                }
            } else {
                reader.error(
                    "expected 'points' as a mapping of verdict to points, found "
                        + YAMLNodeReader.describe(pointsNode), at: pointsNode)
            }
        }
        if let gatesNode = fields["gates"] {
            var gates = Set<ReadinessGate>()
            for element in reader.sequence(gatesNode, what: "'gates'") {
                if let gate = reader.choice(element, what: "readiness gate", as: ReadinessGate.self)
                {
                    gates.insert(gate)
                }
            }
            policy.gates = .init(value: gates, location: reader.location(gatesNode))
        }
        if let findingsNode = fields["findings"] { policy.findings = parseFindings(findingsNode) }
        if let wordsNode = fields["vocabulary"] {
            guard let mapping = wordsNode.mapping else {
                reader.error(
                    "expected 'vocabulary' as a mapping of verdict to its words, found "
                        + YAMLNodeReader.describe(wordsNode), at: wordsNode)
                return policy
            }
            for (key, value) in mapping {
                let name = key.scalar?.string ?? YAMLNodeReader.describe(key)
                guard let verdict = Verdict(rawValue: name) else {
                    reader.error(
                        "unknown verdict '\(name)' in 'vocabulary'; verdicts are "
                            + Verdict.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", "),
                        at: key)
                    continue
                }
                for (word, _) in reader.strings(value, what: "a word for '\(name)'") {
                    policy.words[word] = verdict
                }
            }
        }
        return policy
    }

    private mutating func parseFindings(_ node: Node) -> ChecklistDocument.FindingsEntry? {
        guard
            let fields = reader.mapping(
                node, what: "'findings'",
                allowed: [
                    "grades", "escalate-minors", "min-effectiveness-days", "minor-verify-on-plan",
                ])
        else { return nil }
        var entry = ChecklistDocument.FindingsEntry(location: reader.location(node))
        if let value = fields["escalate-minors"],
            let count = reader.integer(value, what: "'escalate-minors'")
        {
            entry.escalateMinors = .init(value: count, location: reader.location(value))
        }
        if let value = fields["min-effectiveness-days"],
            let days = reader.integer(value, what: "'min-effectiveness-days'")
        {
            entry.minEffectivenessDays = .init(value: days, location: reader.location(value))
        }
        if let value = fields["minor-verify-on-plan"] {
            reader.warning(
                "'minor-verify-on-plan' is no longer used: a minor is verified once its actions"
                    + " are done, like any nonconformity; record a plan's acceptance with"
                    + " 'qmsaudit action accept-plan'", at: value)
        }
        if let gradesNode = fields["grades"] {
            var grades: [FindingGrade] = []
            for element in reader.sequence(gradesNode, what: "'grades'") {
                if let grade = parseGrade(element) { grades.append(grade) }
            }
            entry.grades = .init(value: grades, location: reader.location(gradesNode))
        }
        return entry
    }

    private mutating func parseGrade(_ node: Node) -> FindingGrade? {
        guard
            let fields = reader.mapping(
                node, what: "a grade", allowed: ["id", "title", "class", "prefix", "days"],
                required: ["id", "class"]),
            let id = reader.string(fields["id"], what: "the grade's 'id'"),
            let findingClass = reader.choice(
                fields["class"], what: "grade class", as: FindingClass.self)
        else { return nil }
        let standard = FindingPolicy.standard.grades.first { $0.findingClass == findingClass }
        var days = FindingPolicy.defaultDays
        if let value = fields["days"] {
            guard let given = reader.integer(value, what: "'days'") else { return nil }
            days = given
        }
        return FindingGrade(
            id: id,
            title: reader.string(fields["title"], what: "the grade's 'title'")
                ?? standard?.title ?? "Strength",
            class: findingClass,
            prefix: reader.string(fields["prefix"], what: "the grade's 'prefix'")
                ?? standard?.prefix ?? "GP",
            days: days)
    }

    private mutating func parsePoints(
        key: Node, value: Node, into policy: inout ChecklistDocument.PolicyEntry
    ) {
        let name = key.scalar?.string ?? YAMLNodeReader.describe(key)
        guard let verdict = Verdict(rawValue: name), Verdict.scored.contains(verdict) else {
            let message =
                name == "na"
                ? "'na' cannot carry points: not-applicable items leave the score"
                : "unknown verdict '\(name)' in 'points'; scored verdicts are "
                    + Verdict.scored.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            reader.error(message, at: key)
            return
        }
        guard let points = reader.number(value, what: "points for '\(name)'") else { return }
        guard points >= 0, points.isFinite else {
            reader.error("points for '\(name)' must be zero or more, found \(points)", at: value)
            return
        }
        policy.points[verdict] = .init(value: points, location: reader.location(value))
    }

    // MARK: - Clauses and items

    private mutating func clauseNumber(_ node: Node?, what: String) -> ClauseNumber? {
        guard let node, let text = reader.string(node, what: what) else { return nil }
        guard let number = ClauseNumber(text) else {
            reader.error(
                "\(what) '\(text)' is not a clause number; write numbers separated by dots,"
                    + " such as '7.5.3'", at: node)
            return nil
        }
        return number
    }

    private mutating func parseClause(_ node: Node) -> ChecklistDocument.ClauseEntry? {
        guard
            let fields = reader.mapping(
                node, what: "a clause",
                allowed: ["number", "title", "label", "na", "items", "synonyms"],
                required: ["number"]),
            let number = clauseNumber(fields["number"], what: "clause number")
        else { return nil }
        let location = reader.location(fields["number"] ?? node)
        var clause = ChecklistDocument.ClauseEntry(
            number: number, location: location, title: nil, label: nil, naAllowed: nil, items: [])
        if let titleNode = fields["title"] {
            clause.title = reader.string(titleNode, what: "clause title") ?? ""
        }
        clause.label = reader.string(fields["label"], what: "clause label")
        if let naNode = fields["na"], let na = reader.bool(naNode, what: "'na'") {
            clause.naAllowed = .init(value: na, location: reader.location(naNode))
        }
        clause.items = reader.sequence(fields["items"], what: "'items'").compactMap {
            parseItem($0, clause: number)
        }
        if let synonymsNode = fields["synonyms"] {
            clause.synonyms = parseSynonyms(synonymsNode)
        }
        return clause
    }

    /// `synonyms:` — a mapping of language codes (`en`, `de`, `de-CH`) to lists of names.
    private mutating func parseSynonyms(_ node: Node) -> [String: [String]] {
        guard let mapping = node.mapping else {
            reader.error(
                "expected 'synonyms' as a mapping of language codes (en, de) to lists of names,"
                    + " found \(YAMLNodeReader.describe(node))", at: node)
            return [:]
        }
        var synonyms: [String: [String]] = [:]
        for (key, value) in mapping {
            guard let language = key.scalar?.string, Self.isLanguageCode(language) else {
                reader.error(
                    "'\(key.scalar?.string ?? "")' is not a language code; write two or three"
                        + " small letters, such as 'en' or 'de' (or 'de-CH')", at: key)
                continue
            }
            var names: [String] = []
            for (name, nameNode) in reader.strings(value, what: "synonyms") {
                let trimmed = name.trimmingWhitespace()
                if trimmed.isEmpty {
                    reader.error("a synonym is empty", at: nameNode)
                } else if names.contains(trimmed) {
                    reader.warning("synonym '\(trimmed)' is listed twice", at: nameNode)
                } else {
                    names.append(trimmed)
                }
            }
            synonyms[language] = names
        }
        return synonyms
    }

    static func isLanguageCode(_ code: String) -> Bool {
        let parts = code.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
            first.allSatisfy({ $0.isASCII && $0.isLowercase }), parts.count <= 2
        else { return false }
        return parts.count == 1
            || (parts[1].count == 2 && parts[1].allSatisfy { $0.isASCII && $0.isUppercase })
    }

    private mutating func parseItem(_ node: Node, clause: ClauseNumber)
        -> ChecklistDocument.ItemEntry?
    {
        let allowed = [
            "id", "question", "guidance", "evidence", "weight", "stage", "na",
            "documented-information", "condition", "practice",
        ]
        guard
            let fields = reader.mapping(
                node, what: "an item", allowed: allowed, required: ["id", "question"])
        else { return nil }
        var valid = true
        let id = reader.requiredString(fields["id"], what: "item id", in: node)
        if let id, !Self.isValidItemID(id), let idNode = fields["id"] {
            reader.error("item id '\(id)' must be \(Self.itemIDPattern)", at: idNode)
            valid = false
        }
        let question = reader.requiredString(fields["question"], what: "'question'", in: node)
        let guidance = reader.string(fields["guidance"], what: "'guidance'") ?? ""
        var weight = 1.0
        if let weightNode = fields["weight"] {
            if let value = reader.number(weightNode, what: "'weight'") {
                if value > 0 && value.isFinite {
                    weight = value
                } else {
                    reader.error(
                        "'weight' must be greater than zero, found \(value)", at: weightNode)
                    valid = false
                }
            } else {
                valid = false
            }
        }
        let stage = reader.choice(fields["stage"], what: "stage", as: Stage.self) ?? .both
        if stage == .one, let stageNode = fields["stage"], let id = fields["id"]?.string {
            stageOneNodes.append((id, stageNode))
        }
        var naAllowed: Bool?
        if let naNode = fields["na"] { naAllowed = reader.bool(naNode, what: "'na'") }
        let evidence = parseEvidence(fields["evidence"])
        let documented = parseDocumentedInformation(fields["documented-information"])
        let condition = reader.string(fields["condition"], what: "'condition'")
        var practice = false
        if let practiceNode = fields["practice"] {
            practice = reader.bool(practiceNode, what: "'practice'") ?? false
        }
        guard valid, let id, let question else { return nil }
        let item = ChecklistItem(
            id: id, clause: clause, question: question, guidance: guidance, evidence: evidence,
            weight: weight, stage: stage, naAllowed: naAllowed ?? false,
            documentedInformation: documented, condition: condition, practice: practice)
        return .init(
            item: item, naAllowed: naAllowed, location: reader.location(fields["id"] ?? node))
    }

    private mutating func parseEvidence(_ node: Node?) -> ChecklistItem.ExpectedEvidence {
        guard let node,
            let fields = reader.mapping(node, what: "'evidence'", allowed: ["kinds", "tags"])
        else { return .init() }
        var evidence = ChecklistItem.ExpectedEvidence()
        for element in reader.sequence(fields["kinds"], what: "evidence kinds") {
            if let kind = reader.choice(element, what: "evidence kind", as: EvidenceKind.self) {
                evidence.kinds.append(kind)
            }
        }
        evidence.tags = reader.strings(fields["tags"], what: "evidence tag").map(\.0)
        return evidence
    }

    private mutating func parseDocumentedInformation(_ node: Node?) -> [DocumentedInformation] {
        reader.sequence(node, what: "'documented-information'").compactMap { element in
            guard
                let fields = reader.mapping(
                    element, what: "a documented-information entry",
                    allowed: ["maintain", "retain", "condition"])
            else { return nil }
            let kinds = DocumentedInformation.Kind.allCases.filter { fields[$0.rawValue] != nil }
            guard kinds.count == 1, let kind = kinds.first else {
                reader.error(
                    "a documented-information entry needs exactly one of 'maintain' (a document)"
                        + " or 'retain' (a record)", at: element)
                return nil
            }
            guard
                let what = reader.requiredString(
                    fields[kind.rawValue], what: "'\(kind.rawValue)'", in: element)
            else { return nil }
            let condition = reader.string(fields["condition"], what: "'condition'")
            return DocumentedInformation(kind: kind, what: what, condition: condition)
        }
    }

    // MARK: - Overlay sections

    private mutating func parseTarget(_ fields: Fields, in node: Node) -> ChecklistDocument.Target?
    {
        switch (fields["item"], fields["clause"]) {
        case (let itemNode?, nil):
            return reader.requiredString(itemNode, what: "'item'", in: node).map { .item($0) }
        case (nil, let clauseNode?):
            return clauseNumber(clauseNode, what: "'clause'").map { .clause($0) }
        default:
            reader.error("name exactly one of 'item' or 'clause'", at: node)
            return nil
        }
    }

    private mutating func parseTighten(_ node: Node) -> ChecklistDocument.TightenEntry? {
        guard
            let fields = reader.mapping(
                node, what: "a 'tighten' entry",
                allowed: ["item", "clause", "na", "weight", "documented-information"]),
            let target = parseTarget(fields, in: node)
        else { return nil }
        var entry = ChecklistDocument.TightenEntry(
            target: target, location: reader.location(node), naAllowed: nil, weight: nil,
            documentedInformation: [])
        if let naNode = fields["na"], let na = reader.bool(naNode, what: "'na'") {
            entry.naAllowed = .init(value: na, location: reader.location(naNode))
        }
        if let weightNode = fields["weight"],
            let weight = reader.number(weightNode, what: "'weight'")
        {
            entry.weight = .init(value: weight, location: reader.location(weightNode))
        }
        entry.documentedInformation = parseDocumentedInformation(fields["documented-information"])
        if entry.naAllowed == nil && entry.weight == nil && entry.documentedInformation.isEmpty {
            reader.error(
                "a 'tighten' entry must change 'na', 'weight' or 'documented-information'", at: node
            )
            return nil
        }
        return entry
    }

    private mutating func parseRemove(_ node: Node) -> ChecklistDocument.RemoveEntry? {
        guard
            let fields = reader.mapping(
                node, what: "a 'remove' entry", allowed: ["item", "reason"],
                required: ["item", "reason"]),
            let item = reader.requiredString(fields["item"], what: "'item'", in: node),
            let reason = reader.requiredString(fields["reason"], what: "'reason'", in: node)
        else { return nil }
        return .init(item: item, reason: reason, location: reader.location(fields["item"] ?? node))
    }
}

extension Unicode.Scalar {
    var isLowerAlphanumeric: Bool { ("a"..."z").contains(self) || ("0"..."9").contains(self) }
    var isASCIIAlphanumeric: Bool {
        ("a"..."z").contains(self) || ("A"..."Z").contains(self) || ("0"..."9").contains(self)
    }
}
