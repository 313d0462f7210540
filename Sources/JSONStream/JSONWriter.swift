#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes JSON text through a buffer to a file descriptor or to a function, so a document of
/// any size is written in constant memory.
///
/// The writer does not check structure: its caller writes the punctuation. It escapes strings
/// the way `JSONValue` does, so both write the same text for the same string.
public final class JSONWriter {
    private var buffer: [UInt8] = []
    private let capacity = 1 << 20
    private let emit: (String) throws -> Void
    private let descriptor: Int32

    /// Writes to `descriptor` (not closed by the writer); `name` is used in error messages.
    public init(descriptor: Int32, name: String) {
        self.descriptor = descriptor
        emit = { _ in }
        self.name = name
        buffer.reserveCapacity(capacity)
    }

    /// Hands the text to `emit` in pieces of whole characters.
    public init(name: String, emit: @escaping (String) throws -> Void) {
        descriptor = -1
        self.emit = emit
        self.name = name
        buffer.reserveCapacity(capacity)
    }

    /// Where errors name the output.
    private let name: String

    /// Writes `text` as it is.
    public func raw(_ text: String) throws {
        var text = text
        text.withUTF8 { buffer.append(contentsOf: $0) }
        try flushIfFull()
    }

    /// Writes `bytes` as they are.
    public func raw(_ bytes: some Collection<UInt8>) throws {
        buffer.append(contentsOf: bytes)
        try flushIfFull()
    }

    /// Writes a whole number.
    public func integer(_ value: Int) throws {
        try raw(String(value))
    }

    /// Writes `text` as a JSON string.
    public func string(_ text: String) throws {
        var text = text
        try text.withUTF8 { try string(bytes: $0) }
    }

    /// Writes UTF-8 `bytes` as a JSON string.
    public func string(bytes: UnsafeBufferPointer<UInt8>) throws {
        buffer.append(UInt8(ascii: "\""))
        var plain = 0
        for (offset, byte) in bytes.enumerated() {
            let escape: StaticString?
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0xA8, 0xA9:
                // U+2028 and U+2029 (E2 80 A8/A9) end lines in JavaScript.
                if offset >= 2, bytes[offset - 2] == 0xE2, bytes[offset - 1] == 0x80 {
                    escape = byte == 0xA8 ? "\\u2028" : "\\u2029"
                } else {
                    escape = nil
                }
            default: escape = nil
            }
            if let escape {
                var end = offset
                if byte == 0xA8 || byte == 0xA9 { end -= 2 }
                buffer.append(contentsOf: bytes[plain..<end])
                buffer.append(
                    contentsOf: UnsafeBufferPointer(
                        start: escape.utf8Start, count: escape.utf8CodeUnitCount))
                plain = offset + 1
            } else if byte < 0x20 {
                buffer.append(contentsOf: bytes[plain..<offset])
                let hex = String(byte, radix: 16)
                buffer.append(contentsOf: ("\\u00" + (byte < 16 ? "0" : "") + hex).utf8)
                plain = offset + 1
            }
        }
        buffer.append(contentsOf: bytes[plain...])
        buffer.append(UInt8(ascii: "\""))
        try flushIfFull()
    }

    /// Writes `text` as a JSON string, or `null` for `nil`.
    public func optionalString(_ text: String?) throws {
        if let text { try string(text) } else { try raw("null") }
    }

    private func flushIfFull() throws {
        guard buffer.count >= capacity - 4096 else { return }
        guard descriptor < 0 else { return try flush() }
        // A piece handed on as text ends before a character whose bytes are not all here.
        var end = buffer.count
        while end > 0, buffer[end - 1] & 0xC0 == 0x80 { end -= 1 }
        if end > 0, buffer[end - 1] >= 0xC0 { end -= 1 }
        try emit(String(decoding: buffer[..<end], as: UTF8.self))
        buffer.removeSubrange(..<end)
    }

    /// Writes what is buffered.
    ///
    /// - Throws: `JSONWriteError` when the descriptor refuses it (a full disk, a closed pipe).
    public func flush() throws {
        guard descriptor >= 0 else {
            try emit(String(decoding: buffer, as: UTF8.self))
            buffer.removeAll(keepingCapacity: true)
            return
        }
        var written = 0
        while written < buffer.count {
            let result = buffer.withUnsafeBytes { raw in
                write(descriptor, raw.baseAddress.map { $0 + written }, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw JSONWriteError(name: name, message: String(cString: strerror(errno)))
            }
            written += result
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// JSON could not be written.
public struct JSONWriteError: Error, Sendable, CustomStringConvertible {
    /// The output.
    public var name: String
    /// Why.
    public var message: String

    /// `cannot write NAME: why`.
    public var description: String { "cannot write \(name): \(message)" }
}
