import AuditModel
import AuditXML
import Foundation
import ZIPFoundation

/// What a document says about itself: an office file's core properties (.docx, .xlsx,
/// .pptx; .odt, .ods, .odp), a Markdown or text file's front matter or first heading, a PDF's
/// document information.
///
/// Read through the project's safe XML reader (no DTD, no entities) and with every part and
/// value bounded, so a hostile file gives a warning, never a hang or a huge record.
struct DocumentProperties: Equatable, Sendable {
    var title = ""
    var revision = ""
    var author = ""
    var lastModifiedBy = ""
    var created = ""
    var modified = ""
    var keywords = ""
    var subject = ""

    /// Why the properties could not be read, for a warning; `nil` when they were (or the file
    /// has none).
    struct Failure: Error, Equatable {
        var message: String
    }

    /// The largest properties part read, and the longest value kept.
    static let partLimit = 1 << 20
    static let valueLimit = 2_000

    /// The extensions whose properties are read.
    static let readable: Set<String> = [
        "docx", "xlsx", "pptx", "docm", "xlsm", "odt", "ods", "odp", "md", "markdown", "txt",
        "pdf",
    ]

    var isEmpty: Bool { self == DocumentProperties() }

    /// The properties worth keeping on the record, as attributes, in a fixed order.
    var attributes: [EvidenceAttribute] {
        [
            ("Document title", title), ("Author", author), ("Last modified by", lastModifiedBy),
            ("Created", created), ("Modified", modified), ("Subject", subject),
            ("Keywords", keywords),
        ].filter { !$0.1.isEmpty }.map { EvidenceAttribute(name: $0.0, value: $0.1) }
    }

    /// The properties of the file at `path`, by its extension `ext` (lower case).
    static func read(_ path: String, ext: String) throws(Failure) -> DocumentProperties {
        switch ext {
        case "docx", "xlsx", "pptx", "docm", "xlsm":
            return try office(path, part: "docProps/core.xml")
        case "odt", "ods", "odp":
            return try office(path, part: "meta.xml")
        case "md", "markdown", "txt":
            return text(try head(path, ext: ext), markdown: ext != "txt")
        case "pdf":
            return try pdf(tail: try pdfTail(path))
        default:
            return DocumentProperties()
        }
    }

    // MARK: - Office files

    private static func office(_ path: String, part: String) throws(Failure) -> DocumentProperties {
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw Failure(message: "not a readable office file (its ZIP directory is damaged)")
        }
        guard let entry = archive[part] else { return DocumentProperties() }
        guard entry.uncompressedSize <= UInt64(partLimit) else {
            throw Failure(
                message: "its properties part '\(part)' is larger than 1 MiB; not read")
        }
        var bytes: [UInt8] = []
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                bytes.append(contentsOf: chunk)
                // The directory may understate the size: stop at the limit whatever it says.
                if bytes.count > partLimit { throw Failure(message: "") }
            }
        } catch {
            throw Failure(
                message: "its properties part '\(part)' cannot be unpacked or is too large")
        }
        return try properties(xml: bytes, name: path + ": " + part)
    }

    /// The Dublin Core and OpenDocument elements both formats use, by local name.
    private static func properties(xml bytes: [UInt8], name: String) throws(Failure)
        -> DocumentProperties
    {
        var properties = DocumentProperties()
        do {
            let reader = try XMLStreamReader(bytes: bytes, name: name)
            var current = ""
            var value = ""
            while try reader.read() {
                switch reader.kind {
                case .element:
                    current = reader.localName
                    value = ""
                    if reader.isEmptyElement { current = "" }
                case .text, .cdata:
                    guard !current.isEmpty else { continue }
                    value += reader.value
                    if value.utf8.count > valueLimit {
                        throw Failure(
                            message: "its property '\(current)' is longer than \(valueLimit)"
                                + " bytes; properties not read")
                    }
                case .endElement:
                    let text = value.trimmingWhitespace()
                    switch current {
                    case "title": properties.title = text
                    case "revision", "version", "editing-cycles":
                        if properties.revision.isEmpty { properties.revision = text }
                    case "creator" where name.hasSuffix("meta.xml"):
                        properties.lastModifiedBy = text
                    case "creator", "initial-creator": properties.author = text
                    case "lastModifiedBy": properties.lastModifiedBy = text
                    case "created", "creation-date": properties.created = text
                    case "modified", "date": properties.modified = text
                    case "keywords", "keyword":
                        properties.keywords =
                            properties.keywords.isEmpty ? text : properties.keywords + ", " + text
                    case "subject": properties.subject = text
                    default: break
                    }
                    current = ""
                default: break
                }
            }
        } catch let failure as Failure {
            throw failure
        } catch let error as XMLReadError {
            let first = error.diagnostics.first?.message ?? "malformed"
            throw Failure(message: "its properties are not well-formed XML: \(first)")
        } catch {
            throw Failure(message: "its properties cannot be read")
        }
        return properties
    }

    // MARK: - Text files

    private static func head(_ path: String, ext: String) throws(Failure) -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(message: "cannot be opened")
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: 16 << 10)) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// YAML front matter (`title:`, `revision:` or `version:`, `author:`, `date:`), else the
    /// first heading (`# Internal audit`, or a line underlined with `===`), else for plain text
    /// the first line that says something.
    static func text(_ text: String, markdown: Bool) -> DocumentProperties {
        var properties = DocumentProperties()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.hasSuffix("\r") ? $0.dropLast() : $0)
        }
        if lines.first?.trimmingWhitespace() == "---" {
            var index = 1
            while index < lines.count, lines[index].trimmingWhitespace() != "---" {
                let line = lines[index]
                if let colon = line.firstIndex(of: ":"), !line.hasPrefix(" ") {
                    let key = String(line[..<colon]).trimmingWhitespace().lowercased()
                    var value = String(line[line.index(after: colon)...]).trimmingWhitespace()
                    if value.count >= 2, let first = value.first, first == value.last,
                        first == "\"" || first == "'"
                    {
                        value = String(value.dropFirst().dropLast())
                    }
                    let kept = String(value.prefix(valueLimit))
                    switch key {
                    case "title": properties.title = kept
                    case "revision", "version", "rev": properties.revision = kept
                    case "author", "owner": properties.author = kept
                    case "date": properties.modified = kept
                    case "keywords", "tags": properties.keywords = kept
                    default: break
                    }
                }
                index += 1
            }
            lines = index < lines.count ? Array(lines[(index + 1)...]) : []
        }
        guard properties.title.isEmpty else { return properties }
        for (index, line) in lines.enumerated() {
            let trimmed = line.trimmingWhitespace()
            if trimmed.isEmpty { continue }
            if markdown {
                if trimmed.hasPrefix("#") {
                    properties.title = String(
                        String(trimmed.drop { $0 == "#" }).trimmingWhitespace().prefix(valueLimit))
                    break
                }
                if index + 1 < lines.count {
                    let next = lines[index + 1].trimmingWhitespace()
                    if !next.isEmpty, next.allSatisfy({ $0 == "=" || $0 == "-" }) {
                        properties.title = String(trimmed.prefix(valueLimit))
                        break
                    }
                }
                continue
            }
            properties.title = String(trimmed.prefix(200))
            break
        }
        return properties
    }

    // MARK: - PDF

    /// How much of a PDF's end is read for its document information.
    static let pdfTailSize = 32_768

    private static func pdfTail(_ path: String) throws(Failure) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw Failure(message: "cannot be opened")
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        let start = size > UInt64(pdfTailSize) ? size - UInt64(pdfTailSize) : 0
        try? handle.seek(toOffset: start)
        return [UInt8]((try? handle.read(upToCount: pdfTailSize)) ?? Data())
    }

    /// The document information dictionary's Title, Author and dates in `bytes`, a PDF's
    /// last `pdfTailSize` bytes, when it is written plainly there (not in a compressed object
    /// stream); nothing when the bytes do not end a PDF.
    static func pdf(tail bytes: [UInt8]) -> DocumentProperties {
        var properties = DocumentProperties()
        // A PDF ends with `%%EOF`; without it this is not one, or it is cut short.
        guard lastRange(of: Array("%%EOF".utf8), in: bytes.suffix(1_024)) != nil else {
            return properties
        }
        properties.title = pdfString(after: "/Title", in: bytes) ?? ""
        properties.author = pdfString(after: "/Author", in: bytes) ?? ""
        properties.subject = pdfString(after: "/Subject", in: bytes) ?? ""
        properties.keywords = pdfString(after: "/Keywords", in: bytes) ?? ""
        properties.created = pdfDate(pdfString(after: "/CreationDate", in: bytes) ?? "")
        properties.modified = pdfDate(pdfString(after: "/ModDate", in: bytes) ?? "")
        return properties
    }

    /// The string after the last `key` in `bytes`: a literal `( … )` with its escapes, or
    /// `< hex >`; UTF-16 when it starts with a byte-order mark, else PDFDocEncoding (read as
    /// Latin-1).
    static func pdfString(after key: String, in bytes: [UInt8]) -> String? {
        let needle = Array(key.utf8)
        guard let found = lastRange(of: needle, in: bytes[...]) else { return nil }
        var index = found.upperBound
        // `/Title` must not be the start of a longer name (`/TitleX`).
        if index < bytes.count, isNameCharacter(bytes[index]) { return nil }
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x0A
                || bytes[index] == 0x0D || bytes[index] == 0x09
        {
            index += 1
        }
        guard index < bytes.count else { return nil }
        var raw: [UInt8] = []
        if bytes[index] == UInt8(ascii: "(") {
            var depth = 1
            index += 1
            while index < bytes.count, raw.count <= valueLimit * 2 {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                    let next = bytes[index + 1]
                    index += 2
                    switch next {
                    case UInt8(ascii: "n"): raw.append(0x0A)
                    case UInt8(ascii: "r"): raw.append(0x0D)
                    case UInt8(ascii: "t"): raw.append(0x09)
                    case UInt8(ascii: "0")...UInt8(ascii: "7"):
                        var value = Int(next - UInt8(ascii: "0"))
                        var digits = 1
                        while digits < 3, index < bytes.count,
                            (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(bytes[index])
                        {
                            value = value * 8 + Int(bytes[index] - UInt8(ascii: "0"))
                            index += 1
                            digits += 1
                        }
                        raw.append(UInt8(truncatingIfNeeded: value))
                    case 0x0A, 0x0D: break
                    default: raw.append(next)
                    }
                    continue
                }
                if byte == UInt8(ascii: "(") { depth += 1 }
                if byte == UInt8(ascii: ")") {
                    depth -= 1
                    if depth == 0 { break }
                }
                raw.append(byte)
                index += 1
            }
        } else if bytes[index] == UInt8(ascii: "<") {
            index += 1
            var digits: [UInt8] = []
            while index < bytes.count, bytes[index] != UInt8(ascii: ">"),
                digits.count <= valueLimit * 4
            {
                if let value = hexValue(bytes[index]) { digits.append(value) }
                index += 1
            }
            if digits.count % 2 == 1 { digits.append(0) }
            raw = stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
        } else {
            return nil
        }
        let text: String
        if raw.starts(with: [0xFE, 0xFF]) {
            let units = stride(from: 2, to: raw.count - 1, by: 2).map {
                UInt16(raw[$0]) << 8 | UInt16(raw[$0 + 1])
            }
            text = String(decoding: units, as: UTF16.self)
        } else if raw.starts(with: [0xEF, 0xBB, 0xBF]) {
            text = String(decoding: raw.dropFirst(3), as: UTF8.self)
        } else {
            text = String(String.UnicodeScalarView(raw.map { Unicode.Scalar($0) }))
        }
        let trimmed = String(text.trimmingWhitespace().prefix(valueLimit))
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `D:20260315093000+01'00'` as `2026-03-15T09:30:00`; as written when it is not one.
    static func pdfDate(_ text: String) -> String {
        let digits = Array((text.hasPrefix("D:") ? text.dropFirst(2) : Substring(text)).prefix(14))
        guard digits.count >= 8, digits.prefix(8).allSatisfy(\.isNumber) else { return text }
        let string = String(digits)
        func part(_ from: Int, _ count: Int) -> String {
            let start = string.index(string.startIndex, offsetBy: from)
            return String(string[start..<string.index(start, offsetBy: count)])
        }
        var result = part(0, 4) + "-" + part(4, 2) + "-" + part(6, 2)
        if digits.count >= 14, digits.allSatisfy(\.isNumber) {
            result += "T" + part(8, 2) + ":" + part(10, 2) + ":" + part(12, 2)
        }
        return result
    }

    /// Where `needle` last occurs in `bytes` (indices of `bytes`), or `nil`.
    private static func lastRange(of needle: [UInt8], in bytes: ArraySlice<UInt8>) -> Range<Int>? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Range<Int>? in
            needle.withUnsafeBufferPointer { needle -> Range<Int>? in
                guard let base = buffer.baseAddress, let wanted = needle.baseAddress else {
                    return nil
                }
                var start = buffer.count - needle.count
                while start >= 0 {
                    if buffer[start] == first, memcmp(base + start, wanted, needle.count) == 0 {
                        let offset = bytes.startIndex + start
                        return offset..<(offset + needle.count)
                    }
                    start -= 1
                }
                return nil
            }
        }
    }

    private static func isNameCharacter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
