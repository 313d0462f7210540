/// Documented information that the standard makes mandatory for a clause.
///
/// ISO 9001:2015 says "maintain" for what older editions called documents and "retain" for
/// records. Some of it is required only under a condition (for example traceability records
/// only where traceability is a requirement).
public struct DocumentedInformation: Hashable, Sendable, Codable {
    /// Whether the information is kept up to date (a document) or kept as proof (a record).
    public enum Kind: String, CaseIterable, Sendable, Codable {
        /// A document kept current: scope, policy, objectives.
        case maintain
        /// A record kept as evidence: competence, audit results, review results.
        case retain
    }

    /// Maintain (document) or retain (record).
    public var kind: Kind
    /// What the information is, in our own words.
    public var what: String
    /// When it is required, if only sometimes; `nil` means always.
    public var condition: String?

    /// Creates a mandatory documented information entry.
    public init(kind: Kind, what: String, condition: String? = nil) {
        self.kind = kind
        self.what = what
        self.condition = condition
    }

    /// Whether the requirement applies only under a condition.
    public var isConditional: Bool { condition != nil }
}
