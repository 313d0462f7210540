public import AuditModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

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
    /// Where the bytes come from; `nil` when the file is mapped into memory (`State.mapping`).
    private let source: UTF8ByteSource?
    /// Whether each field must be checked as UTF-8: only when the caller named the encoding;
    /// a detected UTF-8 file was checked whole, and transcoded text is valid by construction.
    public let validates: Bool
    /// The tokenizer's state, behind a pointer: the hot loop then reads and writes it without
    /// the run-time exclusivity checks that a class's stored properties cost.
    private let state: UnsafeMutablePointer<State>
    private var started = false
    private var pending: [Diagnostic] = []
    /// Where reading started in the file, and where to stop (`init(path:separator:…:stop:)`).
    private let startOffset: Int
    private let stop: Int?
    /// Where the last row read ended, when reading stopped at `stop` (or the end of the file
    /// before it).
    public private(set) var stoppedAt = 0
    /// Whether reading stopped exactly at `stop`: the stretch after it was read from the
    /// start of a row.
    public private(set) var stoppedAligned = false
    /// Texts of the current row that `trimmedText` could not hand out in place.
    private let kept = RowTexts()

    /// Opens `path` for reading.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - separator: the field separator; `nil` sniffs it from the first lines.
    ///   - encoding: the file's encoding; `nil` detects it (byte order mark, else UTF-8 if the
    ///     whole file is valid UTF-8, else Windows-1252).
    ///   - chunkSize: how many bytes to read at a time; tests use tiny chunks to split records
    ///     across reads.
    ///   - name: the path diagnostics show, when it is not `path` (a copy of a pipe).
    /// - Throws: `ImportError.unreadable` when the file cannot be opened.
    public convenience init(
        path: String, separator: UInt8? = UInt8(ascii: ","), encoding: TextEncoding? = nil,
        chunkSize: Int = 1 << 20, named name: String? = nil
    ) throws {
        let validates = encoding == .utf8
        let encoding = try encoding ?? TextEncoding.detect(path: path)
        try self.init(
            path: path, separator: separator, encoding: encoding, validates: validates,
            chunkSize: chunkSize, stretch: (0, nil), name: name)
    }

    /// Opens one stretch of a UTF-8 file, mapped into memory and read in place.
    ///
    /// Its rows are read from byte `start` (which must start a row, or the quoted field it is
    /// in is misread) until one ends at or after `stop` (`stoppedAt` then tells where, and
    /// `stoppedAligned` whether exactly at `stop`). Lines are counted from 1 at `start`.
    ///
    /// - Parameters:
    ///   - path: the file.
    ///   - separator: the field separator.
    ///   - validates: whether each field read must be checked as UTF-8 (the file was not).
    ///   - start: the byte offset of the stretch's first row.
    ///   - stop: where the next stretch starts; `nil` reads to the end of the file.
    ///   - name: the path diagnostics show, when it is not `path`.
    /// - Throws: `ImportError.unreadable` when the file cannot be opened.
    public convenience init(
        path: String, separator: UInt8, validates: Bool, start: Int, stop: Int?,
        named name: String? = nil
    ) throws {
        try self.init(
            path: path, separator: separator, encoding: .utf8, validates: validates,
            chunkSize: 0, stretch: (start, stop), name: name)
    }

    /// Reads `path` in chunks of `chunkSize`, or, with a `chunkSize` of 0, maps it into memory
    /// from `stretch.start` on and reads it in place (UTF-8 only: nothing to transcode).
    private init(
        path: String, separator: UInt8?, encoding: TextEncoding, validates: Bool, chunkSize: Int,
        stretch: (start: Int, stop: Int?), name: String?
    ) throws {
        self.validates = validates
        state = .allocate(capacity: 1)
        if chunkSize == 0 {
            guard let mapping = FileMapping(path: path, from: stretch.start) else {
                state.deallocate()
                throw ImportError.unreadable(path: name ?? path, reason: Self.reason(path))
            }
            source = nil
            state.initialize(to: State(mapping: mapping))
        } else {
            guard
                let source = UTF8ByteSource(
                    path: path, encoding: encoding, chunkSize: chunkSize, offset: stretch.start)
            else {
                state.deallocate()
                throw ImportError.unreadable(path: name ?? path, reason: Self.reason(path))
            }
            self.source = source
            state.initialize(to: State())
        }
        self.path = name ?? path
        self.encoding = encoding
        startOffset = stretch.start
        stop = stretch.stop
        if let separator {
            self.separator = separator
        } else {
            self.separator = try Self.sniffSeparator(path: path, encoding: encoding)
        }
    }

    deinit {
        state.pointee.release()
        state.deinitialize(count: 1)
        state.deallocate()
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

    /// Moves the unread bytes to the front of the buffer and reads the next chunk after them,
    /// growing the buffer when one record fills it.
    private func fill() throws {
        guard !state.pointee.atEnd, let source else { return }
        let data: [UInt8]?
        do {
            data = try source.read()
        } catch {
            throw ImportError.unreadable(path: path, reason: "\(error.localizedDescription)")
        }
        guard let data, !data.isEmpty else {
            state.pointee.atEnd = true
            return
        }
        data.withUnsafeBufferPointer { state.pointee.append($0) }
    }

    private func location(_ line: Int, _ column: Int) -> SourceLocation {
        SourceLocation(path: path, line: line, column: column)
    }

    /// The column, in Unicode scalars, of the byte at `offset` on the line starting at
    /// `lineStart`.
    private func column(of offset: Int, lineStart: Int) -> Int {
        let storage = state.pointee.storage
        var column = 1
        var index = lineStart
        while index < offset {
            if storage[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return column
    }

    // MARK: - Rows

    private enum Outcome { case complete, needMore, endOfFile }

    /// Reads the next row, which `fieldCount`, `field(_:)` and the like describe until the next.
    ///
    /// Faster than `next()`: only the fields asked for become strings.
    ///
    /// Empty lines are skipped. Problems are added to `diagnostics`.
    /// - Returns: `false` at the end of the file.
    /// - Throws: `ImportError.unreadable` when reading fails.
    public func readRow() throws -> Bool {
        kept.clear()
        if !started {
            started = true
            try fill()
        }
        while true {
            switch parseRow() {
            case .complete: return true
            case .endOfFile: return false
            case .needMore: try fill()
            }
        }
    }

    // One function on purpose: this is the hot loop.
    private func parseRow() -> Outcome {
        let state = self.state
        let base = state.pointee.storage
        let end = state.pointee.end
        let atEnd = state.pointee.atEnd
        let separator = self.separator
        var p = state.pointee.start
        var line = state.pointee.line
        // A stretch ends where its last row does, at or after `stop` (`limit` in the buffer).
        let limit = stop.map { $0 - offset(ofBuffer: 0) } ?? Int.max
        if p > limit {
            stoppedAt = offset(ofBuffer: p)
            return .endOfFile
        }
        // Skip empty lines.
        while p < end && p < limit {
            let byte = base[p]
            if byte == 0x0A {
                line += 1
            } else if byte != 0x0D {
                break
            }
            p += 1
        }
        state.pointee.start = p
        state.pointee.line = line
        if p == limit {
            stoppedAt = offset(ofBuffer: p)
            stoppedAligned = true
            return .endOfFile
        }
        if p >= end {
            if atEnd { stoppedAt = offset(ofBuffer: p) }
            return atEnd ? .endOfFile : .needMore
        }

        var fieldCount = 0
        state.pointee.scratchCount = 0
        if !pending.isEmpty { pending.removeAll(keepingCapacity: true) }
        var lineStart = p
        let firstLine = line
        while true {
            let raw = p
            let fieldLine = line
            let fieldLineStart = lineStart
            var contentStart = p
            var contentEnd = p
            var escaped = false
            var scratchStart = 0
            if p < end && base[p] == 0x22 {
                p += 1
                contentStart = p
                var closed = false
                while p < end {
                    let found = memchr(base + p, 0x22, end - p)
                    let quote = found.map { $0.assumingMemoryBound(to: UInt8.self) - base } ?? end
                    // Line breaks inside the quotes still count as lines.
                    if quote > p, memchr(base + p, 0x0A, quote - p) != nil {
                        for index in p..<quote where base[index] == 0x0A {
                            line += 1
                            lineStart = index + 1
                        }
                    }
                    if quote == end {
                        p = end
                        break
                    }
                    if quote + 1 >= end && !atEnd { return .needMore }
                    if quote + 1 < end && base[quote + 1] == 0x22 {
                        // A doubled quote: the field is copied without it.
                        if !escaped {
                            escaped = true
                            scratchStart = state.pointee.scratchCount
                        }
                        state.pointee.copy(from: contentStart, count: quote + 1 - contentStart)
                        p = quote + 2
                        contentStart = p
                        continue
                    }
                    contentEnd = quote
                    p = quote + 1
                    closed = true
                    break
                }
                if !closed {
                    if !atEnd { return .needMore }
                    pending.append(
                        .error(
                            "this quoted field is never closed: the file ends inside it",
                            at: location(fieldLine, column(of: raw, lineStart: fieldLineStart))))
                    contentEnd = end
                }
                if escaped {
                    state.pointee.copy(from: contentStart, count: contentEnd - contentStart)
                }
                // Text after the closing quote is kept, and reported.
                let junk = p
                while p < end {
                    let byte = base[p]
                    if byte == separator || byte == 0x0A || byte == 0x0D { break }
                    p += 1
                }
                if p > junk {
                    if p >= end && !atEnd { return .needMore }
                    pending.append(
                        .error(
                            "unexpected text after a closing quote; a quote inside a quoted field"
                                + " is written twice (\"\")",
                            at: location(line, column(of: junk, lineStart: lineStart))))
                    if !escaped {
                        escaped = true
                        scratchStart = state.pointee.scratchCount
                        state.pointee.copy(from: contentStart, count: contentEnd - contentStart)
                    }
                    state.pointee.copy(from: junk, count: p - junk)
                }
            } else {
                p = Self.fieldEnd(base, from: p, to: end, separator: separator)
                contentEnd = p
            }
            if p >= end && !atEnd { return .needMore }
            let field =
                escaped
                ? Field(
                    offset: scratchStart, count: state.pointee.scratchCount - scratchStart,
                    escaped: true, raw: raw, line: fieldLine, lineStart: fieldLineStart)
                : Field(
                    offset: contentStart, count: contentEnd - contentStart, escaped: false,
                    raw: raw, line: fieldLine, lineStart: fieldLineStart)
            state.pointee.set(field, at: fieldCount)
            fieldCount += 1
            guard p < end else { break }
            let terminator = base[p]
            p += 1
            if terminator == separator { continue }
            if terminator == 0x0A {
                line += 1
            } else if p < end {
                if base[p] == 0x0A {
                    p += 1
                    line += 1
                }
            } else if !atEnd {
                return .needMore  // a CR at the end of the buffer: is an LF next?
            }
            break
        }
        state.pointee.fieldCount = fieldCount
        state.pointee.rowLine = firstLine
        state.pointee.start = p
        state.pointee.line = line
        if !pending.isEmpty { diagnostics += pending }
        return .complete
    }

    /// Where the unquoted field from `start` ends: at the first separator, line feed or
    /// carriage return before `end`, else `end`.
    ///
    /// Eight bytes at a time: a byte equal to one of the three is a zero byte of the word
    /// XORed with it repeated, and the lowest zero byte of a word is found with one subtraction
    /// (bytes above it may be misread, so only the lowest counts).
    @inline(__always)
    private static func fieldEnd(
        _ base: UnsafeMutablePointer<UInt8>, from start: Int, to end: Int, separator: UInt8
    ) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let (separators, feeds, returns) = (UInt64(separator) &* ones, 0x0A &* ones, 0x0D &* ones)
        func zeros(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highs }
        var p = start
        while p + 8 <= end {
            let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
            let found = zeros(word ^ separators) | zeros(word ^ feeds) | zeros(word ^ returns)
            if found != 0 { return p + found.trailingZeroBitCount / 8 }
            p += 8
        }
        while p < end {
            let byte = base[p]
            if byte == separator || byte == 0x0A || byte == 0x0D { break }
            p += 1
        }
        return p
    }

    /// The file offset of byte `index` of the buffer (UTF-8 files only: others are
    /// transcoded).
    private func offset(ofBuffer index: Int) -> Int {
        startOffset + (source?.markLength ?? 0) + state.pointee.dropped + index
    }

    /// The file offset where the next row (or empty line) starts (UTF-8 files only).
    public var offset: Int { offset(ofBuffer: state.pointee.start) }
    /// The line the next row (or empty line) starts on.
    public var nextLine: Int { state.pointee.line }

    // MARK: - The current row

    /// The number of fields of the current row.
    public var fieldCount: Int { state.pointee.fieldCount }
    /// The 1-based line on which the current row starts.
    public var rowLine: Int { state.pointee.rowLine }

    /// The bytes of field `index` of the current row, unquoted.
    private func bytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let field = state.pointee.fields[index]
        let base = field.escaped ? state.pointee.scratch : state.pointee.storage
        return UnsafeBufferPointer(start: base + field.offset, count: field.count)
    }

    /// Field `index` of the current row as text; empty when the row is shorter.
    public func field(_ index: Int) -> String {
        guard index >= 0, index < fieldCount else { return "" }
        return decode(bytes(index), field: index)
    }

    /// The UTF-8 bytes of field `index` of the current row, unquoted, without leading and
    /// trailing spaces and tabs; valid until the next row is read.
    public func trimmedBytes(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        guard index >= 0, index < fieldCount else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        let field = bytes(index)
        guard let base = field.baseAddress else { return field }
        var (start, end) = (0, field.count)
        while start < end, base[start] == 0x20 || base[start] == 0x09 { start += 1 }
        while end > start, base[end - 1] == 0x20 || base[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// Field `index` of the current row without leading and trailing white space.
    public func trimmedField(_ index: Int) -> String {
        guard index >= 0, index < fieldCount else { return "" }
        let slice = trimmedBytes(index)
        let text = decode(slice, field: index)
        // Other white space (no-break spaces, line breaks) is rare; the general trim handles it.
        if let first = slice.first, let last = slice.last, first > 0x20, first < 0x80, last > 0x20,
            last < 0x80
        {
            return text
        }
        return text.trimmingWhitespace()
    }

    /// Where field `index` of the current row starts: 1-based line and column in Unicode
    /// scalars.
    public func position(_ index: Int) -> (line: Int, column: Int) {
        guard index >= 0, index < fieldCount else { return (rowLine, 1) }
        let field = state.pointee.fields[index]
        return (field.line, column(of: field.raw, lineStart: field.lineStart))
    }

    private func decode(_ bytes: UnsafeBufferPointer<UInt8>, field index: Int) -> String {
        // `String(validating:)` is generic and looks up type metadata on every call; the file
        // is valid UTF-8 unless the caller named the encoding, so checking is the exception.
        if !validates || UTF8Validator.isValid(bytes) {
            return String(decoding: bytes, as: UTF8.self)
        }
        let (line, column) = position(index)
        let diagnostic = Diagnostic.error(
            "this field is not valid UTF-8 text", at: location(line, column))
        if diagnostics.last != diagnostic { diagnostics.append(diagnostic) }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - Records

    /// The next record, or `nil` at the end of the file.
    ///
    /// Empty lines are skipped. Problems are added to `diagnostics`.
    /// - Throws: `ImportError.unreadable` when reading fails.
    public func next() throws -> CSVRecord? {
        guard try readRow() else { return nil }
        var record = CSVRecord(fields: [], line: rowLine, positions: [])
        record.fields.reserveCapacity(fieldCount)
        for index in 0..<fieldCount {
            record.fields.append(field(index))
            record.positions.append(position(index))
        }
        return record
    }
}

/// The tokenizer's buffers and position.
private struct State {
    /// The bytes read and not yet consumed are `storage[start..<end]`.
    var storage: UnsafeMutablePointer<UInt8>
    var capacity = 4 << 20
    var start = 0
    var end = 0
    var atEnd = false
    /// How many bytes read were moved out of the buffer before `storage[0]`.
    var dropped = 0
    /// The line of `storage[start]`.
    var line = 1
    /// The current row's fields.
    var fields: UnsafeMutablePointer<Field>
    var fieldCapacity = 64
    var fieldCount = 0
    var rowLine = 1
    /// Fields with doubled quotes, copied without them.
    var scratch: UnsafeMutablePointer<UInt8>
    var scratchCapacity = 4096
    var scratchCount = 0

    /// The file mapped into memory, when it is read in place: `storage` then points into it
    /// and is never written.
    var mapping: FileMapping?

    init() {
        storage = .allocate(capacity: capacity)
        fields = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
    }

    /// Reads `mapping` in place: every byte is there from the start.
    init(mapping: FileMapping) {
        self.mapping = mapping
        storage = mapping.bytes
        capacity = mapping.count
        end = mapping.count
        atEnd = true
        fields = .allocate(capacity: fieldCapacity)
        scratch = .allocate(capacity: scratchCapacity)
    }

    func release() {
        if let mapping { mapping.unmap() } else { storage.deallocate() }
        fields.deallocate()
        scratch.deallocate()
    }

    /// Moves the unread bytes to the front and appends `chunk`, growing the buffer when one
    /// record fills it.
    mutating func append(_ chunk: UnsafeBufferPointer<UInt8>) {
        let unread = end - start
        if start > 0 {
            dropped += start
            if unread > 0 { storage.update(from: storage + start, count: unread) }
            start = 0
            end = unread
        }
        if end + chunk.count > capacity {
            let grown = max(capacity * 2, end + chunk.count)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            bigger.initialize(from: storage, count: end)
            storage.deallocate()
            storage = bigger
            capacity = grown
        }
        guard let bytes = chunk.baseAddress else { return }
        (storage + end).initialize(from: bytes, count: chunk.count)
        end += chunk.count
    }

    /// Copies `storage[offset..<offset + count]` to the end of the scratch bytes.
    mutating func copy(from offset: Int, count: Int) {
        guard count > 0 else { return }
        if scratchCount + count > scratchCapacity {
            let grown = max(scratchCapacity * 2, scratchCount + count)
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            bigger.initialize(from: scratch, count: scratchCount)
            scratch.deallocate()
            scratch = bigger
            scratchCapacity = grown
        }
        (scratch + scratchCount).initialize(from: storage + offset, count: count)
        scratchCount += count
    }

    /// Stores field number `index` of the current row.
    mutating func set(_ field: Field, at index: Int) {
        if index == fieldCapacity {
            let bigger = UnsafeMutablePointer<Field>.allocate(capacity: fieldCapacity * 2)
            bigger.initialize(from: fields, count: fieldCapacity)
            fields.deallocate()
            fields = bigger
            fieldCapacity *= 2
        }
        (fields + index).initialize(to: field)
    }
}

/// Where a field of the current row is.
private struct Field {
    /// Where its unquoted bytes start: in the buffer, or in the scratch copy when `escaped`.
    var offset: Int
    var count: Int
    /// Whether the bytes were copied (the field had doubled quotes or text after its quote).
    var escaped: Bool
    /// The buffer offset of its first byte, quote included, and the line it is on.
    var raw: Int
    var line: Int
    var lineStart: Int
}

extension CSVReader: TableRows {
    /// The bytes of `trimmedField(index)`: in place in the buffer unless the field must be
    /// checked as UTF-8 and is not valid, or starts or ends with other white space than
    /// spaces and tabs (both rare).
    public func trimmedText(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let slice = trimmedBytes(index)
        guard let first = slice.first, let last = slice.last else { return slice }
        if first > 0x20, first < 0x80, last > 0x20, last < 0x80,
            !validates || UTF8Validator.isValid(slice)
        {
            return slice
        }
        return kept.keep(trimmedField(index))
    }
}

/// A file's bytes from an offset to its end, mapped into memory read-only.
struct FileMapping {
    /// The first byte (at the offset asked for).
    let bytes: UnsafeMutablePointer<UInt8>
    /// How many bytes follow the offset.
    let count: Int
    private let region: UnsafeMutableRawPointer?
    private let length: Int

    /// Maps `path` from byte `offset` to its end; `nil` when it cannot be opened or mapped.
    init?(path: String, from offset: Int) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        guard offset <= size else { return nil }
        // Mappings start on a page.
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let aligned = offset / page * page
        length = size - aligned
        if length == 0 {
            region = nil
            bytes = .allocate(capacity: 1)
            count = 0
            return
        }
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, off_t(aligned)),
            mapped != MAP_FAILED
        else { return nil }
        _ = madvise(mapped, length, MADV_SEQUENTIAL)
        region = mapped
        bytes = (mapped + (offset - aligned)).assumingMemoryBound(to: UInt8.self)
        count = size - offset
    }

    /// Unmaps the file; the bytes are gone.
    func unmap() {
        if let region { munmap(region, length) } else { bytes.deallocate() }
    }
}
