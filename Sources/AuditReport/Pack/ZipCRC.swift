/// CRC-32 (IEEE 802.3, as ZIP uses it), slicing eight bytes at a time.
public enum ZipCRC {
    /// Eight 256-entry tables, one after the other.
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 { crc = crc & 1 != 0 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            table[index] = crc
        }
        for index in 0..<256 {
            for slice in 1..<8 {
                let previous = table[(slice - 1) * 256 + index]
                table[slice * 256 + index] = (previous >> 8) ^ table[Int(previous & 0xFF)]
            }
        }
        return table
    }()

    /// The CRC of `bytes` continued from `crc` (0 to start).
    ///
    /// - Returns: the updated CRC.
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var value = ~crc
        var offset = 0
        let count = bytes.count
        table.withUnsafeBufferPointer { table in
            while offset + 8 <= count {
                let one =
                    UInt32(
                        littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                    ^ value
                let two = UInt32(
                    littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
                value =
                    table[7 * 256 + Int(one & 0xFF)] ^ table[6 * 256 + Int((one >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((one >> 16) & 0xFF)] ^ table[4 * 256 + Int(one >> 24)]
                    ^ table[3 * 256 + Int(two & 0xFF)] ^ table[2 * 256 + Int((two >> 8) & 0xFF)]
                    ^ table[256 + Int((two >> 16) & 0xFF)] ^ table[Int(two >> 24)]
                offset += 8
            }
            while offset < count {
                value = table[Int((value ^ UInt32(bytes[offset])) & 0xFF)] ^ (value >> 8)
                offset += 1
            }
        }
        return ~value
    }

    /// The CRC of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(0, $0) }
    }
}
