/// 64-bit FNV-1a: a fast, non-cryptographic hash, for hash tables and change detection (never
/// for integrity; the journal and the evidence files use SHA-256).
public struct FNV1a: Sendable {
    @usableFromInline var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash of everything added so far.
    public var value: UInt64 { state }

    /// The hash of nothing.
    @inlinable public init() {}

    /// Adds one byte.
    @inlinable public mutating func add(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    /// Adds bytes.
    @inlinable public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        for byte in bytes { add(byte) }
    }

    /// Adds the UTF-8 bytes of `text`, read in place (a native string's bytes are contiguous;
    /// walking its `utf8` view byte by byte costs several times more).
    @inlinable public mutating func add(_ text: String) {
        var text = text
        text.withUTF8 { add($0) }
    }
}
