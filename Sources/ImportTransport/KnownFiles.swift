/// What the audit knows of a file it imported before: enough for a re-scan to tell whether the
/// file changed without reading it again.
public struct KnownFile: Hashable, Sendable {
    /// The size in bytes, when known.
    public var size: Int?
    /// The modification time as it was recorded.
    public var modified: String
    /// The SHA-256 recorded.
    public var sha256: String
    /// The evidence number of its record.
    public var number: Int
    /// Whether the last import of the source no longer held the file.
    public var removed: Bool

    /// Creates the record of a known file.
    public init(
        size: Int?, modified: String, sha256: String, number: Int = 0, removed: Bool = false
    ) {
        self.size = size
        self.modified = modified
        self.sha256 = sha256
        self.number = number
        self.removed = removed
    }
}

/// What the audit knows of one source's files, as of its last import: for each natural key
/// (the path), the size, modification time and SHA-256 recorded and the record's number.
///
/// Kept compact — keys and texts end to end in byte buffers, no object per file — because a
/// re-scan reads it while it walks the tree, and a `[String: KnownFile]` of 20,000 files took
/// longer to build and to free than a tenth of a full import.
public struct KnownFiles: Sendable {
    /// What shaped the records besides the files (`ImportClosing.derivation`) at the last
    /// import; empty when not recorded.
    public var derivation: String
    /// The last import of the source (0: never imported): an import that relies on these
    /// facts checks that no other import of the source came in between.
    public var lastImport: Int
    /// How many of the files' records the last import still found in the source.
    public private(set) var liveCount = 0
    private var keys = KeyIndex()
    private var sizes: [Int] = []  // -1: not known
    private var numbers: [Int] = []
    private var removed: [Bool] = []
    /// Entry `i`'s modification time is `texts[ends[2i]..<ends[2i + 1]]`, its SHA-256 the
    /// bytes up to `ends[2i + 2]`.
    private var texts: [UInt8] = []
    private var ends: [Int] = [0]

    /// No files known.
    public init(derivation: String = "", lastImport: Int = 0) {
        self.derivation = derivation
        self.lastImport = lastImport
    }

    /// The facts of `files`, by natural key.
    public init(files: [String: KnownFile], derivation: String = "", lastImport: Int = 0) {
        self.init(derivation: derivation, lastImport: lastImport)
        for (key, file) in files.sorted(by: { $0.key < $1.key }) {
            var (key, modified, sha256) = (key, file.modified, file.sha256)
            key.withUTF8 { key in
                modified.withUTF8 { modified in
                    sha256.withUTF8 { sha256 in
                        add(
                            key: key, size: file.size, modified: modified, sha256: sha256,
                            number: file.number, removed: file.removed)
                    }
                }
            }
        }
    }

    /// How many files are known.
    public var count: Int { numbers.count }

    /// Adds a file's facts, its key and texts given as UTF-8 bytes; a key already known is
    /// ignored.
    public mutating func add(
        key: UnsafeBufferPointer<UInt8>, size: Int?, modified: UnsafeBufferPointer<UInt8>,
        sha256: UnsafeBufferPointer<UInt8>, number: Int, removed isRemoved: Bool
    ) {
        guard keys.insert(key, line: numbers.count) == nil else { return }
        sizes.append(size ?? -1)
        numbers.append(number)
        removed.append(isRemoved)
        if !isRemoved { liveCount += 1 }
        texts.append(contentsOf: modified)
        ends.append(texts.count)
        texts.append(contentsOf: sha256)
        ends.append(texts.count)
    }

    /// The entry of the file with natural key `key`, or `nil` when the audit has none.
    public func entry(_ key: String) -> Int? {
        keys.line(of: key)
    }

    /// The facts of `entry`.
    public func file(at entry: Int) -> KnownFile {
        KnownFile(
            size: size(at: entry), modified: text(ends[2 * entry], ends[2 * entry + 1]),
            sha256: sha256(at: entry), number: numbers[entry], removed: removed[entry])
    }

    /// The facts of the file with natural key `key`, or `nil` when the audit has none.
    public subscript(key: String) -> KnownFile? {
        entry(key).map(file(at:))
    }

    /// The size recorded for `entry`, when known.
    public func size(at entry: Int) -> Int? {
        sizes[entry] < 0 ? nil : sizes[entry]
    }

    /// The number of `entry`'s record.
    public func number(at entry: Int) -> Int { numbers[entry] }

    /// Whether the last import no longer found `entry`'s file.
    public func isRemoved(at entry: Int) -> Bool { removed[entry] }

    /// The SHA-256 recorded for `entry`.
    public func sha256(at entry: Int) -> String {
        text(ends[2 * entry + 1], ends[2 * entry + 2])
    }

    /// Whether `entry` has a SHA-256 recorded.
    public func hasSHA256(at entry: Int) -> Bool {
        ends[2 * entry + 2] > ends[2 * entry + 1]
    }

    /// Whether the modification time recorded for `entry` is `modified` (UTF-8 bytes).
    public func modified(at entry: Int, is modified: UnsafeBufferPointer<UInt8>) -> Bool {
        let (start, end) = (ends[2 * entry], ends[2 * entry + 1])
        guard end - start == modified.count else { return false }
        return texts.withUnsafeBufferPointer { texts in
            modified.indices.allSatisfy { texts[start + $0] == modified[$0] }
        }
    }

    private func text(_ start: Int, _ end: Int) -> String {
        texts.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self)
        }
    }
}
