public import Foundation
public import ZIPFoundation

/// Inflates one part of a ZIP archive reading no more than the part's own compressed bytes.
///
/// ZIPFoundation's `extract` reads on past a deflate stream that does not end where the entry
/// says until the end of the file — and then forever, asking for more and getting nothing (a
/// damaged workbook hung an import; found by `make fuzz`). Here the part's data is located
/// through the archive's own directory and handed to the inflater chunk by chunk; asking for
/// more than the entry holds is an error.
public enum BoundedExtraction {
    /// The archive is not one whose parts can be located (damaged directory, ZIP64).
    public struct Damaged: Error {
        /// Why.
        public var reason: String
    }

    /// Inflates (or copies, when stored) `entry` of the archive at `path` into `consumer`.
    ///
    /// - Returns: the CRC-32 of what was handed over.
    /// - Throws: `Damaged`, or what inflating or `consumer` throws.
    public static func extract(
        _ entry: Entry, from archive: Archive, path: String, consumer: (Data) throws -> Void
    ) throws -> CRC32 {
        guard entry.isCompressed else { return try archive.extract(entry, consumer: consumer) }
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw Damaged(reason: "it cannot be opened again")
        }
        defer { try? file.close() }
        let start = try dataOffset(of: entry.path, in: file)
        try file.seek(toOffset: start)
        var remaining = entry.compressedSize
        return try Data.decompress(
            size: Int64(clamping: entry.compressedSize), bufferSize: 1 << 16, skipCRC32: false,
            provider: { _, size in
                guard remaining > 0 else {
                    throw Damaged(reason: "its compressed data ends before its deflate stream")
                }
                let wanted = Int(min(UInt64(size), remaining))
                guard var chunk = try file.read(upToCount: wanted), !chunk.isEmpty else {
                    throw Damaged(reason: "the file ends inside it")
                }
                remaining -= UInt64(chunk.count)
                // ZIPFoundation tells zlib every chunk holds `size` bytes, so a shorter last
                // chunk would let a damaged stream read past it (found by `make fuzz`); the
                // zeros after the part's bytes cannot make a stream that ended go on.
                if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                return chunk
            }, consumer: consumer)
    }

    /// Where the data of the entry named `name` starts: found in the central directory, then
    /// past its local header.
    private static func dataOffset(of name: String, in file: FileHandle) throws -> UInt64 {
        let size = try file.seekToEnd()
        let tailLength = min(size, 22 + 0xFFFF)
        try file.seek(toOffset: size - tailLength)
        let tail = [UInt8](try file.read(upToCount: Int(tailLength)) ?? Data())
        guard tail.count >= 22,
            let end = stride(from: tail.count - 22, through: 0, by: -1).first(where: {
                tail[$0] == 0x50 && tail[$0 + 1] == 0x4B && tail[$0 + 2] == 0x05
                    && tail[$0 + 3] == 0x06
            })
        else { throw Damaged(reason: "it has no end of central directory") }
        let directorySize = UInt64(word(tail, end + 12))
        let directoryOffset = UInt64(word(tail, end + 16))
        guard directoryOffset != 0xFFFF_FFFF, directoryOffset + directorySize <= size else {
            throw Damaged(reason: "its central directory is out of place (or ZIP64)")
        }
        try file.seek(toOffset: directoryOffset)
        let directory = [UInt8](try file.read(upToCount: Int(directorySize)) ?? Data())
        let wanted = Array(name.utf8)
        var index = 0
        while index + 46 <= directory.count, word(directory, index) == 0x0201_4B50 {
            let nameLength = Int(half(directory, index + 28))
            let extraLength = Int(half(directory, index + 30))
            let commentLength = Int(half(directory, index + 32))
            let nameEnd = index + 46 + nameLength
            guard nameEnd <= directory.count else { break }
            if Array(directory[(index + 46)..<nameEnd]) == wanted {
                let header = UInt64(word(directory, index + 42))
                guard header != 0xFFFF_FFFF, header + 30 <= size else {
                    throw Damaged(reason: "its local header is out of place")
                }
                try file.seek(toOffset: header)
                let local = [UInt8](try file.read(upToCount: 30) ?? Data())
                guard local.count == 30, word(local, 0) == 0x0403_4B50 else {
                    throw Damaged(reason: "its local header is damaged")
                }
                return header + 30 + UInt64(half(local, 26)) + UInt64(half(local, 28))
            }
            index = nameEnd + extraLength + commentLength
        }
        throw Damaged(reason: "its central directory does not list it")
    }

    private static func word(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16
            | UInt32(bytes[at + 3]) << 24
    }

    private static func half(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }
}
