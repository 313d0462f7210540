/// Evidence ids in id order: the first `limit` of them, and how many there are in all.
///
/// A clause of a whole register can have hundreds of thousands of records; the analysis
/// counts them all and names the first thousand, which is what any report can show.
/// `evidence list --clause` lists them all.
public struct EvidenceList: RandomAccessCollection, Hashable, Sendable,
    ExpressibleByArrayLiteral
{
    /// How many ids a list names.
    public static let limit = 1000

    /// The ids named, in id order.
    public private(set) var ids: [String]
    /// How many there are in all, named or not.
    public private(set) var total: Int

    /// A list of `ids` (the first `limit` are kept) out of `total`, which defaults to their
    /// number.
    public init(_ ids: some Sequence<String>, total: Int? = nil) {
        self.ids = Array(ids.prefix(Self.limit))
        self.total = Swift.max(total ?? self.ids.count, self.ids.count)
    }

    /// A list of the ids written.
    public init(arrayLiteral ids: String...) {
        self.init(ids)
    }

    /// How many are not named.
    public var unnamed: Int { total - ids.count }

    /// The ids joined by `separator`, with `… (N more)` when some are not named.
    public func described(separator: String = " ") -> String {
        ids.joined(separator: separator) + (unnamed > 0 ? "\(separator)… (\(unnamed) more)" : "")
    }

    /// The position of the first id named.
    public var startIndex: Int { ids.startIndex }
    /// The position after the last id named.
    public var endIndex: Int { ids.endIndex }
    /// The id named at `position`.
    public subscript(position: Int) -> String { ids[position] }
}
