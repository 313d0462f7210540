#if canImport(Glibc)
    import Glibc
#endif

/// The natural keys an import has seen, each with the line it was first seen on.
///
/// Built for registers of millions of rows, in as little memory as it can:
/// - each key is kept once, its line and length before its bytes, in blocks of 1 MiB that
///   are filled one after the other and never moved, so the keys cost their bytes and five
///   more, and no block is ever copied into a bigger one;
/// - the table that finds them is cut into 64 parts by the keys' hashes, each an
///   open-addressing table of 8-byte slots (the key's 32-bit hash above where it is kept),
///   grown on its own: growing copies a 64th of the table, not all of it.
///
/// A million keys cost about 35 MB. A lookup hashes the bytes once, eight at a time, and
/// compares bytes only when the hashes match. Past a million keys the table is larger than
/// the processor's caches, and a lookup costs a trip to memory; `prefetch(_:keys:)` reads
/// the slots of many keys at once, so those trips overlap instead of following one another.
public struct KeyIndex: Sendable {
    private var storage = KeyIndexStorage()

    /// An empty index.
    public init() {}

    /// How many keys it holds.
    public var count: Int { storage.count }

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
        storage.find(key, hash: KeyIndexStorage.hash(key)).line
    }

    /// Records the key with these UTF-8 bytes as seen on `line` (kept as 32 bits: lines past
    /// four billion are remembered as the largest).
    ///
    /// Past 4 GiB of keys, new keys are no longer recorded: `insert` then says each is new
    /// (the audit file's unique index still refuses a duplicate).
    ///
    /// - Returns: `nil` when the key is new; the line it was first seen on otherwise.
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>, line: Int) -> Int? {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage.insert(key, hash: KeyIndexStorage.hash(key), line: line)
    }

    /// `insert(_:line:)` for key `index` of the last `prefetch(_:keys:)`, whose hash that
    /// prefetch already computed.
    public mutating func insert(
        _ key: UnsafeBufferPointer<UInt8>, line: Int, prefetched index: Int
    ) -> Int? {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage.insert(key, hash: storage.prefetchedHash(of: key, index), line: line)
    }

    /// Reads the slots that `count` keys would take (`keys(i)` gives the UTF-8 bytes of key
    /// `i`), so that inserting or looking them up right after finds them in cache; their
    /// hashes are kept for `insert(_:line:prefetched:)`.
    public mutating func prefetch(_ count: Int, keys: (Int) -> UnsafeBufferPointer<UInt8>) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        storage.prefetch(count, keys: keys)
    }
}

/// The memory of a `KeyIndex`, which copies it before changing it when it is shared.
final class KeyIndexStorage: @unchecked Sendable {
    /// The table's parts: part `p` has `masks[p] + 1` slots (a power of two) at `parts[p]`.
    private static let partBits = 6
    private static let partCount = 1 << partBits
    /// Keys are kept in blocks of this many bytes (a key too long for one gets its own).
    private static let blockBits = 20
    private static let blockSize = 1 << blockBits
    /// Where a key is kept is 32 bits, the block above the offset in it; the largest is left
    /// free so that where + 1 (0 is an empty slot) still fits.
    private static let blockLimit = 1 << (32 - blockBits) - 1

    private let parts: UnsafeMutablePointer<UnsafeMutablePointer<UInt64>>
    private let masks: UnsafeMutablePointer<Int>
    private let fills: UnsafeMutablePointer<Int>
    // Not checked for exclusive access at run time (each check costs more than an insert's
    // work): `KeyIndex` copies the storage before changing it when it is shared, so no two
    // accesses overlap.
    @exclusivity(unchecked) private var blocks: [UnsafeMutablePointer<UInt8>] = []
    /// How many bytes of each block are used.
    @exclusivity(unchecked) private var used: [Int] = []
    /// What `prefetch` read, kept so that the reads are not left out as unused.
    @exclusivity(unchecked) private var touched: UInt64 = 0
    /// The hashes of the keys `prefetch` was last given.
    @exclusivity(unchecked) private var hashes: [UInt32] = []
    @exclusivity(unchecked) private(set) var count = 0

    init(partSize: Int = 16) {
        parts = .allocate(capacity: Self.partCount)
        masks = .allocate(capacity: Self.partCount)
        fills = .allocate(capacity: Self.partCount)
        for part in 0..<Self.partCount {
            parts[part] = .allocate(capacity: partSize)
            parts[part].initialize(repeating: 0, count: partSize)
            masks[part] = partSize - 1
            fills[part] = 0
        }
    }

    deinit {
        for part in 0..<Self.partCount { parts[part].deallocate() }
        parts.deallocate()
        masks.deallocate()
        fills.deallocate()
        for block in blocks { block.deallocate() }
    }

    /// A copy that shares no memory with this one.
    func copy() -> KeyIndexStorage {
        let copy = KeyIndexStorage(partSize: 1)
        for part in 0..<Self.partCount {
            let size = masks[part] + 1
            copy.parts[part].deallocate()
            copy.parts[part] = .allocate(capacity: size)
            copy.parts[part].initialize(from: parts[part], count: size)
            copy.masks[part] = masks[part]
            copy.fills[part] = fills[part]
        }
        for (block, used) in zip(blocks, used) {
            let size = used <= Self.blockSize ? Self.blockSize : used
            let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
            bytes.initialize(from: block, count: used)
            copy.blocks.append(bytes)
            copy.used.append(used)
        }
        copy.count = count
        return copy
    }

    func insert(_ key: UnsafeBufferPointer<UInt8>, hash: UInt32, line: Int) -> Int? {
        let (part, slot, first) = find(key, hash: hash)
        if let first { return first }
        guard let place = keep(key, line: line) else { return nil }
        parts[part][slot] = UInt64(hash) << 32 | UInt64(place + 1)
        count += 1
        fills[part] += 1
        if fills[part] * 4 > (masks[part] + 1) * 3 { grow(part) }
        return nil
    }

    func prefetch(_ count: Int, keys: (Int) -> UnsafeBufferPointer<UInt8>) {
        var touched: UInt64 = 0
        if hashes.count < count { hashes = Array(repeating: 0, count: count) }
        hashes.withUnsafeMutableBufferPointer { hashes in
            for index in 0..<count { hashes[index] = Self.hash(keys(index)) }
            // The reads do not depend on one another, and with the hashing done apart the loop
            // is short enough for the processor to have dozens under way at once.
            for index in 0..<count {
                let hash = hashes[index]
                let part = Int(hash >> (32 - Self.partBits))
                touched &+= parts[part][Int(hash) & masks[part]]
            }
        }
        self.touched = touched
    }

    /// The hash `prefetch` computed for `key`, its key number `index`.
    func prefetchedHash(of key: UnsafeBufferPointer<UInt8>, _ index: Int) -> UInt32 {
        let hash = hashes[index]
        assert(hash == Self.hash(key), "key \(index) is not the one prefetched")
        return hash
    }

    /// The key's part of the table, and its line when it is held, else the empty slot it
    /// would take.
    @inline(__always)
    func find(
        _ key: UnsafeBufferPointer<UInt8>, hash: UInt32
    ) -> (part: Int, slot: Int, line: Int?) {
        let part = Int(hash >> (32 - Self.partBits))
        let slots = parts[part]
        let mask = masks[part]
        var slot = Int(hash) & mask
        while slots[slot] != 0 {
            let entry = slots[slot]
            if UInt32(truncatingIfNeeded: entry >> 32) == hash,
                let line = line(at: Int(entry & 0xFFFF_FFFF) - 1, ifKeyIs: key)
            {
                return (part, slot, line)
            }
            slot = (slot + 1) & mask
        }
        return (part, slot, nil)
    }

    /// The line kept at `place` when the key kept there is `key`.
    private func line(at place: Int, ifKeyIs key: UnsafeBufferPointer<UInt8>) -> Int? {
        var at = blocks[place >> Self.blockBits] + (place & (Self.blockSize - 1))
        let line = UnsafeRawPointer(at).loadUnaligned(as: UInt32.self)
        at += 4
        var length = 0
        var shift = 0
        while true {
            let byte = at.pointee
            at += 1
            length |= Int(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        guard length == key.count else { return nil }
        if let base = key.baseAddress, memcmp(at, base, length) != 0 { return nil }
        return Int(line)
    }

    /// Keeps `key` and its line; where, or `nil` when there is no room left.
    private func keep(_ key: UnsafeBufferPointer<UInt8>, line: Int) -> Int? {
        let size = 4 + 10 + key.count  // the length takes at most 10 bytes
        if blocks.isEmpty || used[used.count - 1] + size > Self.blockSize {
            guard blocks.count < Self.blockLimit else { return nil }
            blocks.append(.allocate(capacity: max(Self.blockSize, size)))
            used.append(0)
        }
        let block = blocks.count - 1
        let offset = used[block]
        var at = blocks[block] + offset
        UnsafeMutableRawPointer(at).storeBytes(
            of: UInt32(clamping: line), as: UInt32.self)
        at += 4
        var length = key.count
        while length >= 0x80 {
            at.initialize(to: UInt8(truncatingIfNeeded: length) | 0x80)
            at += 1
            length >>= 7
        }
        at.initialize(to: UInt8(length))
        at += 1
        if let base = key.baseAddress { at.initialize(from: base, count: key.count) }
        at += key.count
        used[block] = at - blocks[block]
        return block << Self.blockBits | offset
    }

    private func grow(_ part: Int) {
        let size = (masks[part] + 1) * 2
        let bigger = UnsafeMutablePointer<UInt64>.allocate(capacity: size)
        bigger.initialize(repeating: 0, count: size)
        let mask = size - 1
        let slots = parts[part]
        for index in 0...masks[part] where slots[index] != 0 {
            let entry = slots[index]
            var slot = Int(truncatingIfNeeded: entry >> 32) & mask
            while bigger[slot] != 0 { slot = (slot + 1) & mask }
            bigger[slot] = entry
        }
        slots.deallocate()
        parts[part] = bigger
        masks[part] = mask
    }

    /// A 32-bit hash of the bytes, read eight at a time.
    ///
    /// Each word is mixed in with a multiply, and the result is finished with MurmurHash3's
    /// 64-bit mix so that every byte moves the bits the table is cut and indexed by. In memory
    /// only: it may change from version to version.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
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
