import AuditModel

/// One checklist file as written, before any base it extends is merged in.
///
/// Everything keeps its position so that problems found while merging can still point at the
/// line that caused them.
struct ChecklistDocument: Sendable {
    struct Located<Value: Sendable>: Sendable {
        var value: Value
        var location: SourceLocation
    }

    struct ClauseEntry: Sendable {
        var number: ClauseNumber
        var location: SourceLocation
        /// `nil` when the key is absent; `""` when written empty (an untitled paragraph).
        var title: String?
        var label: String?
        /// The N/A default for items in this clause and below, when given.
        var naAllowed: Located<Bool>?
        var items: [ItemEntry]
        /// Other names by language.
        var synonyms: [String: [String]] = [:]
    }

    struct ItemEntry: Sendable {
        var item: ChecklistItem
        /// Whether the item set `na` itself; otherwise it inherits from its clauses.
        var naAllowed: Bool?
        var location: SourceLocation
    }

    enum Target: Sendable {
        case item(String)
        case clause(ClauseNumber)
    }

    struct TightenEntry: Sendable {
        var target: Target
        var location: SourceLocation
        var naAllowed: Located<Bool>?
        var weight: Located<Double>?
        var documentedInformation: [DocumentedInformation]
    }

    struct RemoveEntry: Sendable {
        var item: String
        var reason: String
        var location: SourceLocation
    }

    struct PolicyEntry: Sendable {
        var points: [Verdict: Located<Double>]
        var gates: Located<Set<ReadinessGate>>?
        var findings: FindingsEntry?
        var words: [String: Verdict] = [:]
        var location: SourceLocation
    }

    struct FindingsEntry: Sendable {
        var grades: Located<[FindingGrade]>?
        var escalateMinors: Located<Int>?
        var minEffectivenessDays: Located<Int>?
        var location: SourceLocation
    }

    var path: String
    var source: String
    var formatVersion: Int = 1
    var id: Located<String>?
    var title: String?
    var standard: String?
    var edition: String?
    var revision: String?
    var extends: Located<String>?
    var policy: PolicyEntry?
    var clauses: [ClauseEntry] = []
    var tighten: [TightenEntry] = []
    var remove: [RemoveEntry] = []
    var supersedes: Located<String>?
    var mapping: [MappingEntry] = []
    var draft: Bool?

    /// One `mapping:` entry, with the positions of what it names.
    struct MappingEntry: Sendable {
        var entry: EditionMapping.Entry
        var fromLocation: SourceLocation
        /// Each `to` value's position.
        var toLocations: [SourceLocation]
    }

    var startLocation: SourceLocation { SourceLocation(path: path, line: 1, column: 1) }
}
