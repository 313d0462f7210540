import Crypto
import Foundation

/// Writes a pack as a ZIP file, streaming.
///
/// Each entry's local header and data are written once, then one central directory at the
/// end (no rewriting per entry, so 20,000 entries cost what 20,000 files cost). Entries are stored uncompressed with UTF-8 names and one fixed timestamp, so
/// the same files in the same order give the same bytes.
///
/// The file is written beside the destination and renamed into place by `finish`.
/// Limits: 65,535 entries and 4 GiB (no ZIP64).
public final class ZipSink: PackSink {
    private struct Entry {
        var name: [UInt8]
        var crc: UInt32
        var size: UInt32
        var offset: UInt32
    }

    private static let maxEntries = 65_535
    private static let maxOffset = UInt64(UInt32.max)
    /// Files up to this size are read whole before their header is written.
    private static let wholeFileLimit = 8 << 20

    private let destination: String
    private let staging: String
    private let descriptor: Int32
    private let time: UInt16
    private let date: UInt16
    private var output: [UInt8] = []
    private var written: UInt64 = 0
    private var entries: [Entry] = []
    private var block = [UInt8](repeating: 0, count: 1 << 20)

    /// Prepares to write `path`, every entry stamped with `timestamp` (ISO 8601, UTC; the
    /// ZIP format keeps local time to two seconds, from 1980).
    public init(path: String, timestamp: String) throws {
        destination = path
        StalePartials.remove(besides: path)
        staging = path + ".partial-\(getpid())"
        descriptor = open(staging, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PackError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
        }
        (time, date) = Self.dosTime(timestamp)
        output.reserveCapacity(1 << 20)
    }

    deinit { close(descriptor) }

    /// The MS-DOS time and date of an ISO 8601 timestamp; 1980-01-01 00:00 when it is earlier
    /// or unreadable.
    static func dosTime(_ timestamp: String) -> (time: UInt16, date: UInt16) {
        let digits = timestamp.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard digits.count >= 6, digits[0] >= 1980, digits[0] <= 2107 else { return (0, 33) }
        let date = (digits[0] - 1980) << 9 | digits[1] << 5 | digits[2]
        let time = digits[3] << 11 | digits[4] << 5 | digits[5] / 2
        return (UInt16(truncatingIfNeeded: time), UInt16(truncatingIfNeeded: date))
    }

    /// Writes `bytes` as the file `path`.
    ///
    /// - Returns: the file's size and SHA-256.
    public func add(_ path: String, bytes: [UInt8]) throws -> PackedFile {
        let crc = ZipCRC.checksum(bytes)
        try header(path, crc: crc, size: bytes.count)
        try append(bytes)
        return PackedFile(path: path, size: bytes.count, sha256: PackHash.of(bytes))
    }

    /// Copies the file at `source` into the pack as `path`.
    ///
    /// - Returns: the copy's size and SHA-256, or `nil` when `source` cannot be opened.
    public func add(_ path: String, copying source: String) throws -> PackedFile? {
        guard let reader = BlockReader(path: source) else { return nil }
        if reader.size <= Self.wholeFileLimit {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(reader.size)
            try reader.forEachBlock(&block) { bytes.append(contentsOf: $0) }
            return try add(path, bytes: bytes)
        }
        return try stream(path, source: source) { put in try reader.forEachBlock(&block, put) }
    }

    /// Writes the file `path` from the text `body` hands to its argument, piece by piece.
    ///
    /// - Returns: the file's size and SHA-256.
    public func add(
        _ path: String, streaming body: (_ write: (String) throws -> Void) throws -> Void
    ) throws -> PackedFile {
        try stream(path, source: path) { put in
            // `body` only calls it before returning.
            try withoutActuallyEscaping(put) { put in
                try body { text in
                    var text = text
                    try text.withUTF8 { try put(UnsafeRawBufferPointer($0)) }
                }
            }
        }
    }

    /// Writes an entry whose size is not known before: a header with the sizes left open, the
    /// blocks `produce` hands over, then the header patched.
    private func stream(
        _ path: String, source: String,
        _ produce: (_ put: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> PackedFile {
        let headerOffset = written
        try header(path, crc: 0, size: 0)
        var crc: UInt32 = 0
        var hasher = SHA256()
        var size = 0
        try produce { chunk in
            crc = ZipCRC.update(crc, chunk)
            hasher.update(bufferPointer: chunk)
            size += chunk.count
            guard UInt64(size) <= Self.maxOffset else {
                throw PackError.tooBigForZip("\(source) is larger than 4 GiB")
            }
            try append(chunk)
        }
        try flush()
        var patch: [UInt8] = []
        Self.put(crc, &patch)
        Self.put(UInt32(size), &patch)
        Self.put(UInt32(size), &patch)
        let done = patch.withUnsafeBytes {
            pwrite(descriptor, $0.baseAddress, $0.count, off_t(headerOffset + 14))
        }
        guard done == patch.count else {
            throw PackError.cannotWrite(path: destination, reason: String(cString: strerror(errno)))
        }
        entries[entries.count - 1].crc = crc
        entries[entries.count - 1].size = UInt32(size)
        return PackedFile(path: path, size: size, sha256: PackHash.hex(hasher.finalize()))
    }

    /// Makes the pack visible at its destination.
    public func finish() throws {
        let start = written
        for entry in entries {
            var record: [UInt8] = []
            Self.put(UInt32(0x0201_4B50), &record)
            Self.put(UInt16(3 << 8 | 20), &record)  // made by: Unix, ZIP 2.0
            common(&record, entry: entry)
            Self.put(UInt16(0), &record)  // comment length
            Self.put(UInt16(0), &record)  // disk number
            Self.put(UInt16(0), &record)  // internal attributes
            Self.put(UInt32(0o100644) << 16, &record)  // external: a regular file, rw-r--r--
            Self.put(entry.offset, &record)
            record += entry.name
            try append(record)
        }
        let size = written - start
        guard written <= Self.maxOffset else { throw PackError.tooBigForZip("over 4 GiB") }
        var end: [UInt8] = []
        Self.put(UInt32(0x0605_4B50), &end)
        Self.put(UInt16(0), &end)
        Self.put(UInt16(0), &end)
        Self.put(UInt16(entries.count), &end)
        Self.put(UInt16(entries.count), &end)
        Self.put(UInt32(size), &end)
        Self.put(UInt32(start), &end)
        Self.put(UInt16(0), &end)
        try append(end)
        try flush()
        guard fsync(descriptor) == 0, rename(staging, destination) == 0 else {
            throw PackError.cannotWrite(path: destination, reason: String(cString: strerror(errno)))
        }
    }

    /// Removes whatever was written.
    public func abandon() {
        unlink(staging)
    }

    // MARK: - Writing

    private func header(_ path: String, crc: UInt32, size: Int) throws {
        guard entries.count < Self.maxEntries else {
            throw PackError.tooBigForZip("more than \(Self.maxEntries) files")
        }
        guard written + UInt64(size) < Self.maxOffset else {
            throw PackError.tooBigForZip("over 4 GiB")
        }
        let entry = Entry(
            name: Array(path.utf8), crc: crc, size: UInt32(size), offset: UInt32(written))
        var record: [UInt8] = []
        Self.put(UInt32(0x0403_4B50), &record)
        common(&record, entry: entry)
        record += entry.name
        entries.append(entry)
        try append(record)
    }

    /// The fields local and central headers share, from "version needed" to "extra length".
    private func common(_ record: inout [UInt8], entry: Entry) {
        Self.put(UInt16(20), &record)  // version needed
        Self.put(UInt16(0x0800), &record)  // flags: UTF-8 names
        Self.put(UInt16(0), &record)  // stored
        Self.put(time, &record)
        Self.put(date, &record)
        Self.put(entry.crc, &record)
        Self.put(entry.size, &record)
        Self.put(entry.size, &record)
        Self.put(UInt16(entry.name.count), &record)
        Self.put(UInt16(0), &record)  // extra length
    }

    private func append(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try append($0) }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) throws {
        if output.count + bytes.count > 1 << 20 { try flush() }
        if bytes.count >= 1 << 20 {
            try writeAll(bytes)
        } else {
            output.append(contentsOf: bytes)
        }
        written += UInt64(bytes.count)
    }

    private func flush() throws {
        guard !output.isEmpty else { return }
        try output.withUnsafeBytes { try writeAll($0) }
        output.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, base + offset, bytes.count - offset)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                throw PackError.cannotWrite(
                    path: destination, reason: String(cString: strerror(errno)))
            }
            offset += count
        }
    }

    private static func put(_ value: UInt16, _ bytes: inout [UInt8]) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    private static func put(_ value: UInt32, _ bytes: inout [UInt8]) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8((value >> shift) & 0xFF)) }
    }
}
