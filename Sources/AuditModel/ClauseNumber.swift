/// The number of a clause of a standard, such as `7.5.3` or `10`.
///
/// A clause number is one or more positive whole numbers joined by dots, without leading zeros.
/// Numbers order component by component, so `7.10` comes after `7.9` and `10` after `9.3.3`.
public struct ClauseNumber: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The numeric components, for example `[7, 5, 3]` for `7.5.3`.
    public let components: [Int]

    /// Parses a clause number written exactly in its canonical form (`7.5.3`).
    ///
    /// Returns `nil` for anything else: empty components, leading zeros, signs, letters or
    /// a trailing dot. Importers that accept looser spellings normalise before calling this.
    public init?(_ text: String) {
        var parts: [Int] = []
        for piece in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard let first = piece.first, first != "0", piece.count <= 4,
                piece.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(piece)
            else { return nil }
            parts.append(value)
        }
        guard !parts.isEmpty else { return nil }
        components = parts
    }

    /// Creates a clause number from its components, which must all be positive.
    public init?(components: [Int]) {
        guard !components.isEmpty, components.allSatisfy({ $0 > 0 }) else { return nil }
        self.components = components
    }

    /// Creates a clause number from components known to be positive.
    init(checkedComponents: [Int]) {
        precondition(!checkedComponents.isEmpty && checkedComponents.allSatisfy { $0 > 0 })
        components = checkedComponents
    }

    /// The clause this one sits under, or `nil` for a top-level clause.
    public var parent: ClauseNumber? {
        components.count > 1 ? ClauseNumber(components: Array(components.dropLast())) : nil
    }

    /// How deep the clause sits: 1 for `7`, 3 for `7.5.3`.
    public var depth: Int { components.count }

    /// The top-level clause this one belongs to, for example `7` for `7.5.3`.
    public var section: ClauseNumber {
        ClauseNumber(components: [components[0]]) ?? self
    }

    /// Whether `other` lies strictly below this clause.
    public func isAncestor(of other: ClauseNumber) -> Bool {
        other.components.count > components.count
            && Array(other.components.prefix(components.count)) == components
    }

    /// Whether `other` is this clause or lies below it.
    public func contains(_ other: ClauseNumber) -> Bool {
        other == self || isAncestor(of: other)
    }

    /// The canonical text, for example `7.5.3`.
    public var description: String {
        components.map(String.init).joined(separator: ".")
    }

    /// Orders clause numbers component by component.
    public static func < (lhs: ClauseNumber, rhs: ClauseNumber) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components)
    }

    /// Decodes a clause number from its canonical text.
    ///
    /// - Throws: `DecodingError.dataCorrupted` when the text is not a clause number.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = ClauseNumber(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a clause number")
        }
        self = number
    }

    /// Encodes the clause number as its canonical text.
    ///
    /// - Throws: `EncodingError` from the underlying encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
