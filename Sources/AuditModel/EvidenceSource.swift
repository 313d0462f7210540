/// One source evidence was imported from — a register, a workbook's sheet, a folder, a plugin —
/// as the audit knows it.
public struct EvidenceSource: Hashable, Sendable {
    /// The importer and the source's name: `dir:QMS`, `csv:register.csv`.
    public var name: String
    /// The folder its records' relative locations are resolved against; empty when not known.
    public var root: String
    /// How many records it holds (those its last import no longer found included).
    public var records: Int
    /// How many of them its last import no longer found.
    public var removed: Int
    /// How many times it was imported.
    public var imports: Int
    /// When and by whom it was last imported.
    public var lastImportedAt: String
    /// See `lastImportedAt`.
    public var lastImportedBy: String

    /// Creates the description of a source.
    public init(
        name: String, root: String, records: Int, removed: Int, imports: Int,
        lastImportedAt: String, lastImportedBy: String
    ) {
        self.name = name
        self.root = root
        self.records = records
        self.removed = removed
        self.imports = imports
        self.lastImportedAt = lastImportedAt
        self.lastImportedBy = lastImportedBy
    }

    /// The importer's name: `dir` for `dir:QMS`.
    public var importer: String {
        String(name.prefix { $0 != ":" })
    }
}
