/// A JSON value with ordered object keys, written the same way every time.
///
/// qmsaudit's JSON outputs are read by other tools and hashed into packs, so key order is
/// part of the format: objects keep the order they were built in.
public indirect enum JSONValue: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, written without a needless `.0`.
    case number(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object whose keys keep their order.
    case object([(String, JSONValue)])

    /// Objects are equal when their keys and values are equal in order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// A string, or `null` when `value` is `nil`.
    public static func optional(_ value: String?) -> JSONValue {
        value.map { .string($0) } ?? .null
    }

    /// An array of strings.
    public static func strings(_ values: [String]) -> JSONValue {
        .array(values.map { .string($0) })
    }

    /// The value as pretty-printed JSON (two-space indent) with a final newline.
    public func rendered() -> String {
        var output = ""
        write(to: &output, indent: 0)
        return output + "\n"
    }

    /// The value pretty-printed as an element of an array `depth` levels deep: as `rendered()`
    /// writes it there, without the indent of its first line or a final newline, so an array
    /// can be written one element at a time.
    public func rendered(depth: Int) -> String {
        var output = ""
        write(to: &output, indent: depth)
        return output
    }

    /// The value as compact JSON on one line, with no spaces: the form hashed and stored.
    public func compact() -> String {
        switch self {
        case .null, .bool, .number, .string:
            var output = ""
            write(to: &output, indent: 0)
            return output
        case .array(let values):
            return "[" + values.map { $0.compact() }.joined(separator: ",") + "]"
        case .object(let members):
            let parts = members.map { key, value -> String in
                var encodedKey = ""
                Self.writeString(key, to: &encodedKey)
                return encodedKey + ":" + value.compact()
            }
            return "{" + parts.joined(separator: ",") + "}"
        }
    }

    private func write(to output: inout String, indent: Int) {
        switch self {
        case .null: output += "null"
        case .bool(let value): output += value ? "true" : "false"
        case .number(let value):
            output += value.isFinite ? value.compactDescription : "null"
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            if values.isEmpty {
                output += "[]"
                return
            }
            output += "[\n"
            for (index, value) in values.enumerated() {
                output += String(repeating: "  ", count: indent + 1)
                value.write(to: &output, indent: indent + 1)
                output += index == values.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: "  ", count: indent) + "]"
        case .object(let members):
            if members.isEmpty {
                output += "{}"
                return
            }
            output += "{\n"
            for (index, (key, value)) in members.enumerated() {
                output += String(repeating: "  ", count: indent + 1)
                Self.writeString(key, to: &output)
                output += ": "
                value.write(to: &output, indent: indent + 1)
                output += index == members.count - 1 ? "\n" : ",\n"
            }
            output += String(repeating: "  ", count: indent) + "}"
        }
    }

    private static func writeString(_ value: String, to output: inout String) {
        output += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }
}

extension JSONValue {
    /// Reads a compact JSON array of strings, as `JSONValue.strings(_:).compact()` writes it,
    /// without a general JSON decoder (which costs more than the rest of reading a row).
    ///
    /// - Parameter text: `["a","b"]`.
    /// - Returns: the strings, or `nil` when the text is not such an array.
    public static func decodeStrings(_ text: String) -> [String]? {
        decodeStrings(text, in: ("[", "]"))
    }

    /// The strings of a compact JSON array (`brackets` `[` `]`) or object of strings (`{`
    /// `}`: keys and values alternate), in order; `nil` when the text is not one.
    static func decodeStrings(
        _ text: String, in brackets: (open: Unicode.Scalar, close: Unicode.Scalar)
    ) -> [String]? {
        var scalars = text.unicodeScalars.makeIterator()
        guard scalars.next() == brackets.open else { return nil }
        var result: [String] = []
        var current: String.UnicodeScalarView?
        while let scalar = scalars.next() {
            if var string = current {
                switch scalar {
                case "\"":
                    result.append(String(string))
                    current = nil
                case "\\":
                    guard let escaped = scalars.next() else { return nil }
                    switch escaped {
                    case "n": string.append("\n")
                    case "r": string.append("\r")
                    case "t": string.append("\t")
                    case "u":
                        var hex = ""
                        for _ in 0..<4 {
                            if let digit = scalars.next() { hex.unicodeScalars.append(digit) }
                        }
                        guard let value = UInt32(hex, radix: 16),
                            let decoded = Unicode.Scalar(value)
                        else { return nil }
                        string.append(decoded)
                    default: string.append(escaped)
                    }
                    current = string
                default:
                    string.append(scalar)
                    current = string
                }
            } else if scalar == "\"" {
                current = String.UnicodeScalarView()
            } else if scalar == brackets.close {
                return result
            } else if scalar != "," && scalar != " " && !(brackets.open == "{" && scalar == ":") {
                return nil
            }
        }
        return nil
    }
}
