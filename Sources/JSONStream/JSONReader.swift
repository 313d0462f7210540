#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A problem in a JSON text, at the line and column (counted in characters, from 1) where it
/// starts.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// The column, in characters from 1.
    public var column: Int
    /// What is wrong.
    public var message: String

    /// Creates an error at a position.
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

/// A pull reader of JSON that reads a file a block at a time and knows where it is.
///
/// The caller walks the document (`beginObject`, `nextKey`, `string`, …), so a document of a
/// million records is read in constant memory, and every error names its line and column —
/// which Foundation's reader on Linux does not. Nesting deeper than 512 is refused, so a
/// hostile file cannot exhaust the stack.
public final class JSONReader {
    private let descriptor: Int32
    private var buffer: [UInt8]
    private var index = 0
    private var count = 0
    private var finished = false

    /// Bytes consumed before `buffer[0]`.
    private var consumedBefore = 0
    private var line = 1
    /// Offset of the current line's first byte, minus the UTF-8 continuation bytes seen on it.
    private var lineStart = 0
    private var tokenLine = 1
    private var tokenColumn = 1

    /// For each open container, whether its next member is the first.
    private var first: [Bool] = []
    private var scratch: [UInt8] = []
    private static let maximumDepth = 512

    /// Reads the file at `path`.
    ///
    /// - Throws: `JSONReadError` when it cannot be opened.
    public init(path: String) throws(JSONReadError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw JSONReadError(path: path, message: String(cString: strerror(errno)))
        }
        self.descriptor = descriptor
        buffer = [UInt8](repeating: 0, count: 1 << 20)
    }

    /// Reads `bytes`.
    public init(bytes: [UInt8]) {
        descriptor = -1
        buffer = bytes
        count = bytes.count
        finished = true
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    // MARK: - Position

    /// Where the last token read or looked at starts.
    public var position: (line: Int, column: Int) { (tokenLine, tokenColumn) }

    /// An error at the last token's start.
    public func error(_ message: String) -> JSONSyntaxError {
        JSONSyntaxError(line: tokenLine, column: tokenColumn, message: message)
    }

    private var column: Int { consumedBefore + index - lineStart + 1 }

    private func markToken() {
        tokenLine = line
        tokenColumn = column
    }

    // MARK: - Bytes

    /// The next byte without consuming it, or `nil` at the end.
    @inline(__always)
    private func peek() throws -> UInt8? {
        if index < count { return buffer[index] }
        return try refill() ? buffer[index] : nil
    }

    private func refill() throws -> Bool {
        if finished { return false }
        consumedBefore += count
        index = 0
        count = 0
        while count == 0 {
            let got = buffer.withUnsafeMutableBytes { raw in
                read(descriptor, raw.baseAddress, raw.count)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw JSONSyntaxError(
                    line: line, column: column,
                    message: "cannot read on: \(String(cString: strerror(errno)))")
            }
            if got == 0 {
                finished = true
                return false
            }
            count = got
        }
        return true
    }

    /// Consumes one byte known to be there (after `peek`).
    @inline(__always)
    private func advance() {
        index += 1
    }

    private func skipWhitespace() throws {
        while let byte = try peek() {
            switch byte {
            case 0x20, 0x09, 0x0D: advance()
            case 0x0A:
                advance()
                line += 1
                lineStart = consumedBefore + index
            default: return
            }
        }
    }

    private func expect(_ byte: UInt8, _ what: String) throws {
        try skipWhitespace()
        markToken()
        guard try peek() == byte else { throw error("expected \(what), found \(try found())") }
        advance()
    }

    /// A description of the next token for error messages.
    private func found() throws -> String {
        guard let byte = try peek() else { return "the end of the file" }
        switch byte {
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "true or false"
        case UInt8(ascii: "n"): return "null"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        default: return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }
    }

    // MARK: - Containers

    /// The kind of the next value.
    public enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    /// The kind of the next value, without reading it.
    ///
    /// - Throws: `JSONSyntaxError` at the end of the text or before a byte no value starts with.
    public func kind() throws -> Kind {
        try skipWhitespace()
        markToken()
        guard let byte = try peek() else {
            throw error("expected a value, found the end of the file")
        }
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        default: throw error("expected a value, found \(try found())")
        }
    }

    private func openContainer(_ byte: UInt8, _ what: String) throws {
        try expect(byte, what)
        guard first.count < Self.maximumDepth else {
            throw error("nested more than \(Self.maximumDepth) deep")
        }
        first.append(true)
    }

    /// Reads the `{` that opens an object.
    public func beginObject() throws {
        try openContainer(UInt8(ascii: "{"), "an object")
    }

    /// Reads the `[` that opens an array.
    public func beginArray() throws {
        try openContainer(UInt8(ascii: "["), "an array")
    }

    /// The next member's name (its value is read next), or `nil` after the closing `}`.
    public func nextKey() throws -> String? {
        guard try nextMember(closing: UInt8(ascii: "}")) else { return nil }
        try skipWhitespace()
        markToken()
        guard try peek() == UInt8(ascii: "\"") else {
            throw error("expected a member name in quotes, found \(try found())")
        }
        let key = try string()
        let keyLine = tokenLine
        let keyColumn = tokenColumn
        try expect(UInt8(ascii: ":"), "':' after the member name")
        tokenLine = keyLine
        tokenColumn = keyColumn
        return key
    }

    /// Whether another element follows (read it next), `false` after the closing `]`.
    public func nextElement() throws -> Bool {
        try nextMember(closing: UInt8(ascii: "]"))
    }

    private func nextMember(closing: UInt8) throws -> Bool {
        try skipWhitespace()
        markToken()
        guard let isFirst = first.last else { throw error("not inside an object or array") }
        if try peek() == closing {
            advance()
            first.removeLast()
            return false
        }
        if isFirst {
            first[first.count - 1] = false
        } else {
            guard try peek() == UInt8(ascii: ",") else {
                let what = closing == UInt8(ascii: "}") ? "'}'" : "']'"
                throw error("expected ',' or \(what), found \(try found())")
            }
            advance()
            try skipWhitespace()
            markToken()
            if try peek() == closing {
                throw error("a trailing ',' before '\(Character(Unicode.Scalar(closing)))'")
            }
        }
        return true
    }

    /// Checks that nothing but whitespace follows the document.
    public func finish() throws {
        try skipWhitespace()
        markToken()
        if try peek() != nil { throw error("\(try found()) after the end of the document") }
    }

    // MARK: - Scalars

    /// A string value.
    public func string() throws -> String {
        try skipWhitespace()
        markToken()
        guard try peek() == UInt8(ascii: "\"") else {
            throw error("expected a string, found \(try found())")
        }
        scratch.removeAll(keepingCapacity: true)
        try readString(into: &scratch, escaped: false)
        guard let text = String(validating: scratch, as: UTF8.self) else {
            throw error("the string is not valid UTF-8")
        }
        return text
    }

    /// A string, or `nil` for `null`.
    public func optionalString() throws -> String? {
        if try kind() == .null {
            try literal("null")
            return nil
        }
        return try string()
    }

    /// A whole number that fits 64 bits.
    public func integer() throws -> Int {
        try skipWhitespace()
        markToken()
        scratch.removeAll(keepingCapacity: true)
        try readNumber(into: &scratch)
        guard !scratch.contains(where: { $0 == UInt8(ascii: ".") || $0 | 0x20 == 0x65 }),
            let value = Int(String(decoding: scratch, as: UTF8.self))
        else {
            throw error(
                "expected a whole number, found \(String(decoding: scratch, as: UTF8.self))")
        }
        return value
    }

    /// A whole number, or `nil` for `null`.
    public func optionalInteger() throws -> Int? {
        if try kind() == .null {
            try literal("null")
            return nil
        }
        return try integer()
    }

    /// `true` or `false`.
    public func bool() throws -> Bool {
        switch try kind() {
        case .bool:
            if try peek() == UInt8(ascii: "t") {
                try literal("true")
                return true
            }
            try literal("false")
            return false
        default: throw error("expected true or false, found \(try found())")
        }
    }

    /// Reads `null`.
    public func null() throws {
        guard try kind() == .null else { throw error("expected null, found \(try found())") }
        try literal("null")
    }

    /// Reads over the next value, whatever it is.
    public func skip() throws {
        scratch.removeAll(keepingCapacity: true)
        try readValue(into: &scratch, depth: first.count)
        scratch.removeAll(keepingCapacity: true)
    }

    /// The next value's text as it stands, without the whitespace between its tokens.
    ///
    /// Strings keep their escapes as written, so a value that was written compactly comes
    /// back byte for byte.
    public func raw() throws -> [UInt8] {
        var output: [UInt8] = []
        try readValue(into: &output, depth: first.count)
        return output
    }

    private func literal(_ word: StaticString) throws {
        let start = (tokenLine, tokenColumn)
        for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard try peek() == expected else {
                (tokenLine, tokenColumn) = start
                throw error("expected \(word)")
            }
            advance()
        }
    }

    // MARK: - Values

    private func readValue(into output: inout [UInt8], depth: Int) throws {
        switch try kind() {
        case .object, .array:
            guard depth < Self.maximumDepth else {
                throw error("nested more than \(Self.maximumDepth) deep")
            }
            let isObject = try peek() == UInt8(ascii: "{")
            let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            output.append(isObject ? UInt8(ascii: "{") : UInt8(ascii: "["))
            advance()
            first.append(true)
            var members = 0
            while try nextMember(closing: closing) {
                if members > 0 { output.append(UInt8(ascii: ",")) }
                members += 1
                if isObject {
                    try skipWhitespace()
                    markToken()
                    guard try peek() == UInt8(ascii: "\"") else {
                        throw error("expected a member name in quotes, found \(try found())")
                    }
                    try readString(into: &output, escaped: true)
                    try expect(UInt8(ascii: ":"), "':' after the member name")
                    output.append(UInt8(ascii: ":"))
                }
                try readValue(into: &output, depth: depth + 1)
            }
            output.append(closing)
        case .string:
            try readString(into: &output, escaped: true)
        case .number:
            try readNumber(into: &output)
        case .bool:
            if try peek() == UInt8(ascii: "t") {
                try literal("true")
                output.append(contentsOf: "true".utf8)
            } else {
                try literal("false")
                output.append(contentsOf: "false".utf8)
            }
        case .null:
            try literal("null")
            output.append(contentsOf: "null".utf8)
        }
    }

    /// Reads a string from its opening quote: its decoded bytes, or, when `escaped`, the
    /// text as written with both quotes.
    private func readString(into output: inout [UInt8], escaped: Bool) throws {
        advance()
        if escaped { output.append(UInt8(ascii: "\"")) }
        while true {
            // Plain runs are copied from the buffer in one go.
            var run = index
            while run < count {
                let byte = buffer[run]
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                    break
                }
                if byte & 0xC0 == 0x80 { lineStart += 1 }
                run += 1
            }
            if run > index {
                output.append(contentsOf: buffer[index..<run])
                index = run
            }
            guard let byte = try peek() else {
                throw error("the string is not closed before the end of the file")
            }
            switch byte {
            case UInt8(ascii: "\""):
                advance()
                if escaped { output.append(byte) }
                return
            case UInt8(ascii: "\\"):
                advance()
                try readEscape(into: &output, escaped: escaped)
            case 0x20...:
                continue
            default:
                let at = (line, column)
                (tokenLine, tokenColumn) = at
                throw error(
                    byte == 0x0A
                        ? "the string is not closed before the end of the line"
                        : "control character 0x\(String(byte, radix: 16, uppercase: true)) in a"
                            + " string (write it as an escape)")
            }
        }
    }

    private func readEscape(into output: inout [UInt8], escaped: Bool) throws {
        let at = (line, column - 1)
        guard let byte = try peek() else {
            throw error("the string is not closed before the end of the file")
        }
        advance()
        let simple: UInt8? =
            switch byte {
            case UInt8(ascii: "\""): UInt8(ascii: "\"")
            case UInt8(ascii: "\\"): UInt8(ascii: "\\")
            case UInt8(ascii: "/"): UInt8(ascii: "/")
            case UInt8(ascii: "b"): 0x08
            case UInt8(ascii: "f"): 0x0C
            case UInt8(ascii: "n"): 0x0A
            case UInt8(ascii: "r"): 0x0D
            case UInt8(ascii: "t"): 0x09
            default: nil
            }
        if let simple {
            if escaped {
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            } else {
                output.append(simple)
            }
            return
        }
        guard byte == UInt8(ascii: "u") else {
            (tokenLine, tokenColumn) = at
            throw error("'\\\(Character(Unicode.Scalar(byte)))' is not an escape JSON knows")
        }
        var unit = try hexUnit(at)
        if escaped {
            output.append(contentsOf: "\\u".utf8)
            output.append(contentsOf: hexDigits(unit))
        }
        var scalar = UInt32(unit)
        if (0xD800...0xDBFF).contains(unit) {
            guard try peek() == UInt8(ascii: "\\") else {
                (tokenLine, tokenColumn) = at
                throw error("a lone surrogate \\u\(String(unit, radix: 16)) in a string")
            }
            advance()
            guard try peek() == UInt8(ascii: "u") else {
                (tokenLine, tokenColumn) = at
                throw error("a lone surrogate \\u\(String(unit, radix: 16)) in a string")
            }
            advance()
            let low = try hexUnit(at)
            guard (0xDC00...0xDFFF).contains(low) else {
                (tokenLine, tokenColumn) = at
                throw error("a lone surrogate \\u\(String(unit, radix: 16)) in a string")
            }
            if escaped {
                output.append(contentsOf: "\\u".utf8)
                output.append(contentsOf: hexDigits(low))
            }
            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            unit = 0
        } else if (0xDC00...0xDFFF).contains(unit) {
            (tokenLine, tokenColumn) = at
            throw error("a lone surrogate \\u\(String(unit, radix: 16)) in a string")
        }
        if !escaped, let decoded = Unicode.Scalar(scalar) {
            output.append(contentsOf: UTF8.encode(decoded).map { Array($0) } ?? [])
        }
    }

    private func hexDigits(_ unit: UInt16) -> [UInt8] {
        let text = String(unit, radix: 16)
        return Array((String(repeating: "0", count: 4 - text.count) + text).utf8)
    }

    private func hexUnit(_ at: (Int, Int)) throws -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard let byte = try peek(), let digit = Self.hexValue(byte) else {
                (tokenLine, tokenColumn) = at
                throw error("'\\u' needs four hexadecimal digits")
            }
            advance()
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// Reads a number as JSON writes them: `-`, digits without a leading zero, a fraction, an
    /// exponent.
    private func readNumber(into output: inout [UInt8]) throws {
        func digits() throws -> Int {
            var n = 0
            while let byte = try peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                output.append(byte)
                advance()
                n += 1
            }
            return n
        }
        func bad() throws -> Never {
            throw error("not a number as JSON writes it")
        }
        if try peek() == UInt8(ascii: "-") {
            output.append(UInt8(ascii: "-"))
            advance()
        }
        if try peek() == UInt8(ascii: "0") {
            output.append(UInt8(ascii: "0"))
            advance()
            if let byte = try peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                try bad()
            }
        } else if try digits() == 0 {
            try bad()
        }
        if try peek() == UInt8(ascii: ".") {
            output.append(UInt8(ascii: "."))
            advance()
            if try digits() == 0 { try bad() }
        }
        if let byte = try peek(), byte | 0x20 == UInt8(ascii: "e") {
            output.append(byte)
            advance()
            if let sign = try peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                output.append(sign)
                advance()
            }
            if try digits() == 0 { try bad() }
        }
        if let byte = try peek(), byte >= 0x21, !Self.delimiters.contains(byte) {
            try bad()
        }
    }

    private static let delimiters: Set<UInt8> = [
        UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"),
    ]
}

/// A JSON file could not be opened or read.
public struct JSONReadError: Error, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// Why.
    public var message: String

    /// `cannot read 'PATH': why`.
    public var description: String { "cannot read '\(path)': \(message)" }
}
