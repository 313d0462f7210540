#if canImport(Glibc)
    import Glibc
#endif

/// The natural keys an import has seen, each with the line it was first seen on.
///
/// Built for registers of millions of rows: the keys' bytes are kept end to end in one
/// buffer, and an open-addressing table of 8-byte slots points into it, so a million keys
/// cost about 30 MB instead of a `[String: Int]`'s 100, and a lookup hashes the bytes once,
/// eight at a time, instead of seeding a `Hasher`.
///
/// Past a million keys the slot table is larger than the processor's caches, and a lookup
/// costs a trip to memory; `prefetch(_:keys:)` reads the slots of many keys at once, so those
/// trips overlap instead of following one another.
public struct KeyIndex: Sendable {
    private var bytes: [UInt8] = []
    /// Entry `i` is `bytes[starts[i]..<starts[i + 1]]`, first seen on `lines[i]`.
    private var starts: [UInt32] = [0]
    private var lines: [UInt32] = []
    /// Each slot is 0 (empty) or the key's 32-bit hash above its entry index + 1.
    private var slots: [UInt64] = Array(repeating: 0, count: 1024)
    /// What `prefetch` read, kept so that the reads are not left out as unused.
    private var touched: UInt64 = 0

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

    /// Reads the slots that `count` keys would take (`keys(i)` gives the UTF-8 bytes of key
    /// `i`), so that inserting or looking them up right after finds them in cache.
    public mutating func prefetch(_ count: Int, keys: (Int) -> UnsafeBufferPointer<UInt8>) {
        var touched: UInt64 = 0
        slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            // The reads do not depend on one another, so the processor has many under way.
            for index in 0..<count { touched &+= slots[Int(Self.hash(keys(index))) & mask] }
        }
        self.touched = touched
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

    /// A 32-bit hash of the bytes, read eight at a time: each word is mixed in with a multiply,
    /// and the result is finished with MurmurHash3's 64-bit mix so that every byte moves the
    /// low bits the table is indexed by. In memory only: it may change from version to version.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
        var hash = UInt64(bytes.count) &* multiplier
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            var at = 0
            while at + 8 <= bytes.count {
                hash = (hash ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* multiplier
                hash ^= hash >> 32
                at += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while at < bytes.count {
                tail |= UInt64(base[at]) << shift
                shift += 8
                at += 1
            }
            hash = (hash ^ tail) &* multiplier
        }
        hash ^= hash >> 33
        hash = hash &* 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        hash = hash &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 33
        return UInt32(truncatingIfNeeded: hash)
    }
}
