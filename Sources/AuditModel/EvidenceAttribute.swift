/// One named value a source holds about a piece of evidence beyond qmsaudit's own fields: a
/// register's "Cost centre" or "Retention" column, kept as written.
public struct EvidenceAttribute: Hashable, Sendable {
    /// The column's header, as the source names it.
    public var name: String
    /// The value, trimmed.
    public var value: String

    /// The attribute under which references to other standards, editions and controls are
    /// kept (`ISO/IEC 27001:2022 A.5.1`): they are not clauses of the audit's checklist.
    public static let otherReferences = "Other references"

    /// Creates an attribute.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    /// The attributes as the audit file stores them: a compact JSON object in their order
    /// (`{"Cost centre":"4100"}`); empty for none.
    public static func json(_ attributes: [EvidenceAttribute]) -> String {
        attributes.isEmpty
            ? "" : JSONValue.object(attributes.map { ($0.name, .string($0.value)) }).compact()
    }

    /// The attributes in a compact JSON object of strings, as `json(_:)` writes it; none for an
    /// empty text or one that is not such an object.
    public static func decode(_ text: String) -> [EvidenceAttribute] {
        guard text.hasPrefix("{"), let strings = JSONValue.decodeStrings(text, in: ("{", "}")),
            strings.count % 2 == 0
        else { return [] }
        return stride(from: 0, to: strings.count, by: 2).map {
            EvidenceAttribute(name: strings[$0], value: strings[$0 + 1])
        }
    }
}
