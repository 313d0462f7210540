import Foundation
import Synchronization

/// The text encodings qmsaudit reads spreadsheets in.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte order mark.
    case utf8 = "utf-8"
    /// UTF-16 little-endian, recognised by its byte order mark.
    case utf16LittleEndian = "utf-16le"
    /// UTF-16 big-endian, recognised by its byte order mark.
    case utf16BigEndian = "utf-16be"
    /// Windows-1252, what spreadsheet programs on Windows save "CSV" in; the fallback for a
    /// file that is not valid UTF-8.
    case windows1252 = "windows-1252"

    /// Detects the encoding of the file at `path`: a byte order mark decides; otherwise the
    /// whole file is checked as UTF-8 and Windows-1252 is assumed if it is not.
    ///
    /// The file is mapped into memory, not read (no copy), and a large one is checked in two
    /// halves on two threads: the check stands before every large UTF-8 register is read, and
    /// nothing else runs while it does.
    ///
    /// - Throws: `ImportError.unreadable`.
    public static func detect(path: String) throws -> TextEncoding {
        guard let mapping = FileMapping(path: path, from: 0) else {
            return try detectStreaming(path: path)
        }
        defer { mapping.unmap() }
        let bytes = UnsafeBufferPointer(start: mapping.bytes, count: mapping.count)
        if let marked = byteOrderMark(bytes) { return marked }
        return isUTF8(bytes) ? .utf8 : .windows1252
    }

    /// The UTF-16 encoding whose byte order mark `bytes` start with, if any.
    private static func byteOrderMark(_ bytes: some Sequence<UInt8>) -> TextEncoding? {
        if bytes.starts(with: [0xFF, 0xFE]) { return .utf16LittleEndian }
        if bytes.starts(with: [0xFE, 0xFF]) { return .utf16BigEndian }
        return nil
    }

    /// `detect(path:)` for a file that cannot be mapped into memory: read in chunks.
    private static func detectStreaming(path: String) throws -> TextEncoding {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError.unreadable(path: path, reason: CSVReader.reason(path))
        }
        defer { try? handle.close() }
        var validator = UTF8Validator()
        var first = true
        while let data = try? handle.read(upToCount: 4 << 20), !data.isEmpty {
            if first {
                first = false
                if let marked = byteOrderMark(data) { return marked }
            }
            if !validator.feed(data) { return .windows1252 }
        }
        return validator.finish() ? .utf8 : .windows1252
    }

    /// Whether `bytes` (a file mapped into memory) are valid UTF-8; from 8 MiB on, checked in
    /// two halves at once.
    private static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        guard bytes.count >= 8 << 20 else { return isUTF8(mapped: base, 0..<bytes.count) }
        // The second half starts on a byte that begins a character (or is ASCII): no valid
        // character straddles the cut, and a continuation byte with no start before it is
        // still found invalid, in the first half.
        var middle = bytes.count / 2
        while middle < bytes.count && base[middle] & 0xC0 == 0x80 { middle += 1 }
        // The threads are given the address as a number: pointers are not `Sendable`, and the
        // bytes outlive `concurrentPerform`, which returns when both are done.
        let (address, count, cut) = (Int(bitPattern: base), bytes.count, middle)
        let valid = Mutex([true, true])
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            guard let base = UnsafePointer<UInt8>(bitPattern: address) else { return }
            let result = isUTF8(mapped: base, half == 0 ? 0..<cut : cut..<count)
            valid.withLock { $0[half] = result }
        }
        return valid.withLock { $0[0] && $0[1] }
    }

    /// Whether `base[range]` is valid UTF-8 (`base` starts a page), checked 8 MiB at a time,
    /// each handed back to the system once checked: a mapped page counts as the process's
    /// memory until then, and the file may be far larger than memory the import may use.
    private static func isUTF8(mapped base: UnsafePointer<UInt8>, _ range: Range<Int>) -> Bool {
        let window = 8 << 20
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var validator = UTF8Validator()
        var at = range.lowerBound
        while at < range.upperBound {
            let end = min(range.upperBound, (at / window + 1) * window)
            guard validator.feed(UnsafeBufferPointer(start: base + at, count: end - at)) else {
                return false
            }
            // Whole pages only; the page a half starts in may be the other half's too, which
            // then reads it again from the file.
            let first = at / page * page
            let last = end / page * page
            if last > first {
                _ = madvise(
                    UnsafeMutableRawPointer(mutating: base + first), last - first, MADV_DONTNEED)
            }
            at = end
        }
        return validator.finish()
    }
}

/// Checks bytes for UTF-8 validity across chunk boundaries.
struct UTF8Validator {
    private var pending = 0  // continuation bytes still expected
    private var low: UInt8 = 0x80  // the range the next continuation byte must be in
    private var high: UInt8 = 0xBF

    mutating func feed(_ data: Data) -> Bool {
        data.withUnsafeBytes { feed(UnsafeRawBufferPointer($0).bindMemory(to: UInt8.self)) }
    }

    /// Checks 32 or eight bytes at a time while they are ASCII, the common case, byte by byte
    /// otherwise.
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var index = 0
        while index < count {
            if pending == 0 && index + 32 <= count {
                let raw = UnsafeRawPointer(base + index)
                let any =
                    raw.loadUnaligned(as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
                    | raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
                if any & 0x8080_8080_8080_8080 == 0 {
                    index += 32
                    continue
                }
            }
            if pending == 0 && index + 8 <= count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    index += 8
                    continue
                }
            }
            let byte = base[index]
            index += 1
            if pending > 0 {
                guard byte >= low && byte <= high else { return false }
                pending -= 1
                (low, high) = (0x80, 0xBF)
            } else if byte < 0x80 {
                continue
            } else if byte >= 0xC2 && byte <= 0xDF {
                pending = 1
            } else if byte >= 0xE0 && byte <= 0xEF {
                pending = 2
                // No overlong forms, no UTF-16 surrogates.
                if byte == 0xE0 { low = 0xA0 } else if byte == 0xED { high = 0x9F }
            } else if byte >= 0xF0 && byte <= 0xF4 {
                pending = 3
                // No overlong forms, nothing past U+10FFFF.
                if byte == 0xF0 { low = 0x90 } else if byte == 0xF4 { high = 0x8F }
            } else {
                return false
            }
        }
        return true
    }

    func finish() -> Bool { pending == 0 }

    /// Whether `bytes` are complete, valid UTF-8.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var validator = UTF8Validator()
        return validator.feed(bytes) && validator.finish()
    }
}

/// Reads a file as UTF-8 bytes, transcoding from its encoding chunk by chunk.
final class UTF8ByteSource {
    private let handle: FileHandle
    private let encoding: TextEncoding
    private var carry: [UInt8] = []
    private var started = false

    private let chunkSize: Int

    /// How many bytes of byte order mark the first chunk dropped.
    private(set) var markLength = 0

    /// Opens `path`; from byte `offset` on, which must start a character, when given (there
    /// is then no byte order mark to skip).
    init?(path: String, encoding: TextEncoding, chunkSize: Int = 1 << 20, offset: Int = 0) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        if offset > 0 {
            guard (try? handle.seek(toOffset: UInt64(offset))) != nil else { return nil }
            started = true
        }
        self.handle = handle
        self.encoding = encoding
        self.chunkSize = max(1, chunkSize)
    }

    deinit {
        try? handle.close()
    }

    /// The next chunk of UTF-8 bytes, never empty, or `nil` at the end.
    func read() throws -> [UInt8]? {
        // A chunk that holds only half a code unit or a high surrogate gives no bytes yet;
        // handing back nothing would read as the end of the file.
        while let bytes = try readChunk() {
            if !bytes.isEmpty { return bytes }
        }
        return nil
    }

    private func readChunk() throws -> [UInt8]? {
        // The first chunk holds at least a whole byte order mark.
        let size = started ? chunkSize : max(chunkSize, 4)
        guard let data = try handle.read(upToCount: size), !data.isEmpty else {
            return carry.isEmpty ? nil : flushCarry()
        }
        var bytes = [UInt8](data)
        if !started {
            started = true
            switch encoding {
            case .utf8:
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                    bytes.removeFirst(3)
                    markLength = 3
                }
            case .utf16LittleEndian, .utf16BigEndian: bytes.removeFirst(min(2, bytes.count))
            case .windows1252: break
            }
        }
        switch encoding {
        case .utf8: return bytes
        case .windows1252: return Self.fromWindows1252(bytes)
        case .utf16LittleEndian, .utf16BigEndian: return fromUTF16(carry + bytes)
        }
    }

    private func flushCarry() -> [UInt8] {
        // A dangling half code unit or lone surrogate at the end becomes U+FFFD.
        carry = []
        return Array("\u{FFFD}".utf8)
    }

    private func fromUTF16(_ bytes: [UInt8]) -> [UInt8] {
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = 0
        while index + 1 < bytes.count {
            let (a, b) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
            units.append(encoding == .utf16LittleEndian ? a | b << 8 : a << 8 | b)
            index += 2
        }
        carry = Array(bytes[index...])
        // Keep a trailing high surrogate for the next chunk.
        if let last = units.last, (0xD800...0xDBFF).contains(last) {
            units.removeLast()
            let low =
                encoding == .utf16LittleEndian
                ? [UInt8(last & 0xFF), UInt8(last >> 8)] : [UInt8(last >> 8), UInt8(last & 0xFF)]
            carry = low + carry
        }
        return Array(String(decoding: units, as: UTF16.self).utf8)
    }

    /// The bytes 0x80–0x9F of Windows-1252; the rest is Latin-1.
    private static let high: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func fromWindows1252(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
                continue
            }
            let scalar = byte < 0xA0 ? high[Int(byte - 0x80)] : UInt32(byte)
            if let unicode = Unicode.Scalar(scalar) {
                output.append(contentsOf: String(Character(unicode)).utf8)
            }
        }
        return output
    }
}

/// Lines of a text file, fetched for diagnostics without loading the file.
public enum SourceLines {
    /// The text of each of `numbers` (1-based lines) in the file at `path`, read in its
    /// encoding; lines past the end, or a file that cannot be read, are left out.
    ///
    /// Only a regular file is read: a pipe named in a diagnostic was read already (and opening
    /// it again would wait for a writer that never comes).
    public static func read(_ numbers: Set<Int>, of path: String) -> [Int: String] {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return [:] }
        guard let last = numbers.max(), let encoding = try? TextEncoding.detect(path: path),
            let source = UTF8ByteSource(path: path, encoding: encoding)
        else { return [:] }
        var lines: [Int: String] = [:]
        var current: [UInt8] = []
        var number = 1
        var wanted = numbers.contains(1)
        while number <= last, let chunk = try? source.read() {
            for byte in chunk {
                if byte == 0x0A {
                    if wanted { lines[number] = String(decoding: current, as: UTF8.self) }
                    current.removeAll(keepingCapacity: true)
                    number += 1
                    wanted = numbers.contains(number)
                    if number > last { break }
                } else if wanted {
                    current.append(byte)
                }
            }
        }
        if number <= last, wanted, !current.isEmpty {
            lines[number] = String(decoding: current, as: UTF8.self)
        }
        return lines
    }
}
