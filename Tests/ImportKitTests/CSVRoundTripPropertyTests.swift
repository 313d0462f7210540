import AuditTestSupport
import Foundation
import ImportKit
import Testing

/// Any table of strings, written as CSV with quotes, separators, line breaks, byte order marks
/// and any of the encodings the reader knows, reads back as the same table.
@Suite struct CSVRoundTripPropertyTests {
    /// How one case is written.
    struct Writing {
        var separator: Character
        var lineBreak: String
        var encoding: TextEncoding
        var byteOrderMark: Bool
        var finalLineBreak: Bool
        var chunkSize: Int
    }

    /// Characters a cell is made of: the ones CSV must quote, spaces, and letters outside ASCII
    /// (for Windows-1252 only ones whose bytes are never UTF-8, so detection cannot mistake it).
    static func alphabet(_ encoding: TextEncoding) -> [Character] {
        let plain: [Character] = ["a", "B", "7", " ", "-", "=", "'", ".", "/"]
        let special: [Character] = [",", ";", "\t", "\"", "\n", "\r", "\r\n"]
        let wide: [Character] =
            encoding == .windows1252
            ? ["ö", "ü", "ø", "ÿ"] : ["é", "Ø", "€", "漢", "😀", "\u{202E}"]
        return plain + plain + special + wide
    }

    static func cell(_ encoding: TextEncoding, _ random: inout SeededGenerator) -> String {
        let alphabet = alphabet(encoding)
        let length = Int.random(in: 0...12, using: &random)
        return String((0..<length).map { _ in alphabet.randomElement(using: &random) ?? "a" })
    }

    static func table(_ encoding: TextEncoding, _ random: inout SeededGenerator) -> [[String]] {
        let columns = Int.random(in: 1...6, using: &random)
        return (0..<Int.random(in: 1...8, using: &random)).map { _ in
            var row = (0..<columns).map { _ in cell(encoding, &random) }
            // A lone empty cell is a blank line, which CSV readers skip.
            if columns == 1 && row[0].isEmpty { row[0] = "x" }
            return row
        }
    }

    static func write(_ table: [[String]], _ how: Writing, _ random: inout SeededGenerator) -> Data
    {
        let separator = String(how.separator)
        let text =
            table.map { row in
                row.map { cell in
                    let needsQuotes =
                        cell.unicodeScalars.contains { "\"\r\n".unicodeScalars.contains($0) }
                        || cell.contains(how.separator) || cell.first == " " || cell.last == " "
                    guard
                        needsQuotes
                            || Bool.random(using: &random)
                                && Int.random(in: 0..<4, using: &random) == 0
                    else { return cell }
                    return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }.joined(separator: separator)
            }.joined(separator: how.lineBreak) + (how.finalLineBreak ? how.lineBreak : "")
        switch how.encoding {
        case .utf8:
            return (how.byteOrderMark ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)
        case .utf16LittleEndian:
            return Data([0xFF, 0xFE]) + (text.data(using: .utf16LittleEndian) ?? Data())
        case .utf16BigEndian:
            return Data([0xFE, 0xFF]) + (text.data(using: .utf16BigEndian) ?? Data())
        case .windows1252:
            return text.data(using: .windowsCP1252) ?? Data()
        }
    }

    @Test func anyTableReadsBackEqual() throws {
        let folder = TemporaryDirectory()
        var random = SeededGenerator(state: 20_261_204)
        var counts: [TextEncoding: Int] = [:]
        for number in 0..<2_000 {
            let encoding = TextEncoding.allCases[number % TextEncoding.allCases.count]
            let how = Writing(
                separator: [",", ";", "\t"].randomElement(using: &random) ?? ",",
                lineBreak: ["\n", "\r\n"].randomElement(using: &random) ?? "\n",
                encoding: encoding, byteOrderMark: Bool.random(using: &random),
                finalLineBreak: Bool.random(using: &random),
                chunkSize: [3, 17, 64, 1 << 20].randomElement(using: &random) ?? 64)
            let table = Self.table(encoding, &random)
            let path = folder.path + "/case-\(number).csv"
            try Self.write(table, how, &random).write(to: URL(fileURLWithPath: path))
            let reader = try CSVReader(
                path: path, separator: how.separator.asciiValue, chunkSize: how.chunkSize)
            var read: [[String]] = []
            while let record = try reader.next() { read.append(record.fields) }
            #expect(
                read == table,
                "case \(number) (\(encoding), \(how)): wrote \(table.map { $0.map { $0.debugDescription } }), read \(read.map { $0.map { $0.debugDescription } })"
            )
            if read != table { return }
            #expect(
                reader.encoding
                    == (encoding == .windows1252
                        && !table.joined().joined().unicodeScalars.contains { $0.value > 0x7F }
                        ? .utf8 : encoding))
            counts[encoding, default: 0] += 1
            try FileManager.default.removeItem(atPath: path)
        }
        #expect(counts.values.allSatisfy { $0 == 500 })
    }
}
