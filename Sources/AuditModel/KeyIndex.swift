#if canImport(Glibc)
    import Glibc
#endif

/// The natural keys an import has seen, each with the line it was first seen on.
///
/// Built for registers of millions of rows: the keys' bytes are kept end to end in one
/// buffer, and an open-addressing table of 8-byte slots points into it, so a million keys
/// cost about 30 MB instead of a `[String: Int]`'s 100, and a lookup hashes the bytes once
/// with FNV-1a instead of seeding a `Hasher`.
public struct KeyIndex: Sendable {
    private var bytes: [UInt8] = []
    /// Entry `i` is `bytes[starts[i]..<starts[i + 1]]`, first seen on `lines[i]`.
    private var starts: [UInt32] = [0]
    private var lines: [UInt32] = []
    /// Each slot is 0 (empty) or the key's 32-bit hash above its entry index + 1.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)

    /// An empty index.
    public init() {}

    /// How many keys it holds.
    public var count: Int { lines.count }

    /// Records `key` as seen on `line`.
    ///
    /// - Returns: `nil` when the key is new; the line it was first seen on otherwise.
    public mutating func insert(_ key: String, line: Int) -> Int? {
        var key = key
        return key.withUTF8 { insert($0, line: line) }
    }

    /// The line `key` was first seen on, or `nil` when it was not seen.
    public func line(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { line(of: $0) }
    }

    /// The line the key with these UTF-8 bytes was first seen on, or `nil`.
    public func line(of key: UnsafeBufferPointer<UInt8>) -> Int? {
        find(key).line
    }

    /// Records the key with these UTF-8 bytes as seen on `line`.
    ///
    /// - Returns: `nil` when the key is new; the line it was first seen on otherwise.
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>, line: Int) -> Int? {
        let (hash, slot, first) = find(key)
        if let first { return first }
        // Offsets are 32-bit: past 4 GiB of keys, new keys are no longer recorded (the audit
        // file's unique index still refuses a duplicate).
        guard bytes.count + key.count < UInt32.max else { return nil }
        bytes.append(contentsOf: key)
        starts.append(UInt32(bytes.count))
        lines.append(UInt32(clamping: line))
        slots[slot] = UInt64(hash) << 32 | UInt64(lines.count)
        if lines.count * 4 > slots.count * 3 { grow() }
        return nil
    }

    /// The key's hash, and its line when it is held, else the empty slot it would take.
    @inline(__always)
    private func find(_ key: UnsafeBufferPointer<UInt8>) -> (hash: UInt32, slot: Int, line: Int?) {
        let hash = Self.hash(key)
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if UInt32(truncatingIfNeeded: entry >> 32) == hash {
                let index = Int(entry & 0xFFFF_FFFF) - 1
                if equals(index, key) { return (hash, slot, Int(lines[index])) }
            }
            slot = (slot + 1) & mask
        }
        return (hash, slot, nil)
    }

    private func equals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[index])
        let end = Int(starts[index + 1])
        guard end - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            guard let storedBase = stored.baseAddress, let keyBase = key.baseAddress else {
                return key.isEmpty
            }
            return memcmp(storedBase + start, keyBase, key.count) == 0
        }
    }

    private mutating func grow() {
        var bigger = [UInt64](repeating: 0, count: slots.count * 2)
        let mask = bigger.count - 1
        for entry in slots where entry != 0 {
            var slot = Int(entry >> 32) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = entry
        }
        slots = bigger
    }

    /// 64-bit FNV-1a, folded to 32 bits.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash = FNV1a()
        hash.add(bytes)
        return UInt32(truncatingIfNeeded: hash.value ^ (hash.value >> 32))
    }
}
