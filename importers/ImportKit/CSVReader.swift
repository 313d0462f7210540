public import AuditModel
import Foundation

/// One record of a CSV file, with where each field starts.
public struct CSVRecord: Sendable, Equatable {
    /// The fields, unquoted.
    public var fields: [String]
    /// The 1-based line on which the record starts.
    public var line: Int
    /// For each field, the 1-based line and column (in Unicode scalars) where it starts.
    public var positions: [(line: Int, column: Int)]

    /// Records are equal when their fields and starting line are.
    public static func == (lhs: CSVRecord, rhs: CSVRecord) -> Bool {
        lhs.fields == rhs.fields && lhs.line == rhs.line
    }

    /// The field at `index`, or an empty string when the record is shorter.
    public subscript(_ index: Int) -> String {
        index < fields.count ? fields[index] : ""
    }
}

/// A streaming RFC 4180 CSV reader over bytes.
///
/// It reads the file in chunks, so memory stays flat however large the file; tokenizes UTF-8
/// bytes directly (quotes, separators and line breaks are ASCII); accepts LF and CRLF line ends,
/// quoted fields with embedded separators, line breaks and doubled quotes; skips a UTF-8 byte
/// order mark; and tracks line and column so every problem can be reported where it is. A
/// problem does not stop the reader: it is recorded in `diagnostics` and reading goes on, so a
/// caller can report every problem in the file at once.
public final class CSVReader {
    /// The path shown in diagnostics.
    public let path: String
    /// The field separator, a single ASCII byte (`,` `;` or tab).
    public let separator: UInt8
    /// Every problem found so far.
    public private(set) var diagnostics: [Diagnostic] = []

    /// The encoding the file was read in.
    public let encoding: TextEncoding
    private let source: UTF8ByteSource
    private var buffer: [UInt8] = []
    private var index = 0
    private var atEnd = false
    private var line = 1
    private var column = 1
    private var started = false

    /// Opens `path` for reading.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - separator: the field separator; `nil` sniffs it from the first lines.
    ///   - encoding: the file's encoding; `nil` detects it (byte order mark, else UTF-8 if the
    ///     whole file is valid UTF-8, else Windows-1252).
    /// - Throws: `ImportError.unreadable` when the file cannot be opened.
    public init(path: String, separator: UInt8? = UInt8(ascii: ","), encoding: TextEncoding? = nil)
        throws
    {
        let encoding = try encoding ?? TextEncoding.detect(path: path)
        guard let source = UTF8ByteSource(path: path, encoding: encoding) else {
            throw ImportError.unreadable(path: path, reason: Self.reason(path))
        }
        self.path = path
        self.encoding = encoding
        self.source = source
        if let separator {
            self.separator = separator
        } else {
            self.separator = try Self.sniffSeparator(path: path, encoding: encoding)
        }
    }

    /// The separator of the file's first lines: the one of `,` `;` and tab that appears, outside
    /// quotes, the same number of times (at least once) on each line, preferring the most
    /// frequent; `,` when none does.
    static func sniffSeparator(path: String, encoding: TextEncoding) throws -> UInt8 {
        guard let source = UTF8ByteSource(path: path, encoding: encoding),
            let sample = try source.read()
        else { return UInt8(ascii: ",") }
        let candidates: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09]
        var counts: [[Int]] = []
        var line = [0, 0, 0]
        var quoted = false
        for byte in sample.prefix(64 * 1024) {
            if byte == 0x22 { quoted.toggle() }
            if quoted { continue }
            if byte == 0x0A {
                if line != [0, 0, 0] { counts.append(line) }
                line = [0, 0, 0]
                if counts.count == 20 { break }
            } else if let index = candidates.firstIndex(of: byte) {
                line[index] += 1
            }
        }
        if line != [0, 0, 0] { counts.append(line) }
        var best: (separator: UInt8, count: Int)?
        for (index, candidate) in candidates.enumerated() {
            let perLine = counts.map { $0[index] }
            guard let first = perLine.first, first > 0, perLine.allSatisfy({ $0 == first }) else {
                continue
            }
            if first > best?.count ?? 0 { best = (candidate, first) }
        }
        return best?.separator ?? UInt8(ascii: ",")
    }

    static func reason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            return "no such file"
        }
        return isDirectory.boolValue ? "it is a folder" : "permission denied"
    }

    // MARK: - Bytes

    private func fill() throws {
        guard !atEnd else { return }
        let data: [UInt8]?
        do {
            data = try source.read()
        } catch {
            throw ImportError.unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else {
            atEnd = true
            return
        }
        if index > 0 {
            buffer.removeFirst(index)
            index = 0
        }
        buffer.append(contentsOf: data)
    }

    private func peek() throws -> UInt8? {
        if index >= buffer.count { try fill() }
        return index < buffer.count ? buffer[index] : nil
    }

    private func advance(_ byte: UInt8) {
        index += 1
        if byte == 0x0A {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1  // count Unicode scalars: skip UTF-8 continuation bytes
        }
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }

    // MARK: - Records

    /// The next record, or `nil` at the end of the file.
    ///
    /// Empty lines are skipped. Problems are added to `diagnostics`.
    /// - Throws: `ImportError.unreadable` when reading fails.
    public func next() throws -> CSVRecord? {
        if !started {
            started = true
            try fill()
        }
        while true {
            guard let first = try peek() else { return nil }
            if first == 0x0A {
                advance(first)
                continue
            }
            if first == 0x0D {
                advance(first)
                if try peek() == 0x0A { advance(0x0A) }
                continue
            }
            break
        }
        var record = CSVRecord(fields: [], line: line, positions: [])
        var field: [UInt8] = []
        while true {
            let fieldLine = line
            let fieldColumn = column
            field.removeAll(keepingCapacity: true)
            var quoted = false
            if try peek() == 0x22 {
                quoted = true
                advance(0x22)
                try readQuoted(into: &field, openedAt: (fieldLine, fieldColumn))
            }
            // Unquoted content, or whatever follows a closing quote.
            var junkReported = false
            while let byte = try peek(), byte != separator, byte != 0x0A, byte != 0x0D {
                if quoted && !junkReported {
                    diagnostics.append(
                        .error(
                            "unexpected text after a closing quote; a quote inside a quoted field"
                                + " is written twice (\"\")", at: location(line, column)))
                    junkReported = true
                }
                field.append(byte)
                advance(byte)
            }
            record.fields.append(decode(field, at: (fieldLine, fieldColumn)))
            record.positions.append((fieldLine, fieldColumn))
            guard let terminator = try peek() else { return record }
            advance(terminator)
            if terminator == separator { continue }
            if terminator == 0x0D, try peek() == 0x0A { advance(0x0A) }
            return record
        }
    }

    private func readQuoted(into field: inout [UInt8], openedAt: (Int, Int)) throws {
        while true {
            guard let byte = try peek() else {
                diagnostics.append(
                    .error(
                        "this quoted field is never closed: the file ends inside it",
                        at: location(openedAt.0, openedAt.1)))
                return
            }
            advance(byte)
            if byte == 0x22 {
                if try peek() == 0x22 {
                    advance(0x22)
                    field.append(0x22)
                    continue
                }
                return
            }
            field.append(byte)
        }
    }

    private func decode(_ bytes: [UInt8], at position: (Int, Int)) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        diagnostics.append(
            .error("this field is not valid UTF-8 text", at: location(position.0, position.1)))
        return String(decoding: bytes, as: UTF8.self)
    }
}
