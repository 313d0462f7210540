import AuditModel
import AuditTestSupport
import Foundation
import ImportKit
import Testing

@Suite struct CSVReaderTests {
    static func read(_ text: String) throws -> (records: [CSVRecord], diagnostics: [Diagnostic]) {
        let folder = TemporaryDirectory()
        let path = folder.write("t.csv", text)
        let reader = try CSVReader(path: path)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        return (records, reader.diagnostics)
    }

    @Test func readsRFC4180() throws {
        let (records, diagnostics) = try Self.read(
            "a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n1,,3,\n")
        #expect(diagnostics.isEmpty)
        #expect(
            records.map(\.fields) == [
                ["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["1", "", "3", ""],
            ])
        #expect(records.map(\.line) == [1, 2, 4])
        #expect(records[1].positions.map(\.column) == [1, 8, 21])
    }

    @Test func skipsABOMAndEmptyLinesAndReadsALastLineWithoutANewline() throws {
        let (records, _) = try Self.read("\u{FEFF}h1,h2\n\n\nv1,v2")
        #expect(records.map(\.fields) == [["h1", "h2"], ["v1", "v2"]])
        #expect(records[1].line == 4)
        #expect(records[0].positions[0].column == 1)
    }

    @Test func countsColumnsInCharactersNotBytes() throws {
        let (records, _) = try Self.read("é€,x\n")
        #expect(records[0].positions[1].column == 4)
    }

    @Test func reportsAnUnterminatedQuoteAtTheQuote() throws {
        let marked = MarkedText("a,b\n1,1️⃣\"never closed\n2,3\n")
        let (_, diagnostics) = try Self.read(marked.text)
        let first = try #require(diagnostics.first)
        #expect(first.message.contains("never closed"))
        #expect(first.location?.line == marked["1️⃣"].line)
        #expect(first.location?.column == marked["1️⃣"].column)
    }

    @Test func reportsTextAfterAClosingQuoteAndGoesOn() throws {
        let marked = MarkedText("a,b\n\"x\"1️⃣y,2\n\"p\"2️⃣q,3\n")
        let (records, diagnostics) = try Self.read(marked.text)
        #expect(records.count == 3, "reading goes on after a problem")
        #expect(diagnostics.count == 2)
        for (diagnostic, marker) in zip(diagnostics, ["1️⃣", "2️⃣"]) {
            #expect(diagnostic.location?.line == marked[marker].line)
            #expect(diagnostic.location?.column == marked[marker].column)
        }
    }

    @Test func reportsInvalidUTF8() throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/bad.csv"
        FileManagerShim.write(path, [0x61, 0x2C, 0xFF, 0xFE, 0x0A])
        let reader = try CSVReader(path: path, encoding: .utf8)
        while try reader.next() != nil {}
        #expect(reader.diagnostics.first?.message == "this field is not valid UTF-8 text")
        #expect(reader.diagnostics.first?.location?.column == 3)
    }

    @Test func fallsBackToWindows1252() throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/excel.csv"
        // "Réf;Titre – n°" and "QP-7.5;Maîtrise" as a French Excel saves them.
        FileManagerShim.write(
            path,
            Array("R".utf8) + [0xE9] + Array("f;Titre ".utf8) + [0x96] + Array(" n".utf8) + [0xB0]
                + [0x0D, 0x0A] + Array("QP-7.5;Ma".utf8) + [0xEE] + Array("trise\r\n".utf8))
        #expect(try TextEncoding.detect(path: path) == .windows1252)
        let reader = try CSVReader(path: path, separator: nil)
        #expect(reader.separator == UInt8(ascii: ";"))
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(records.map(\.fields) == [["Réf", "Titre – n°"], ["QP-7.5", "Maîtrise"]])
        #expect(reader.diagnostics.isEmpty)
    }

    @Test(arguments: [TextEncoding.utf16LittleEndian, .utf16BigEndian])
    func readsUTF16WithAByteOrderMark(encoding: TextEncoding) throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/u16.csv"
        let text = "item\tnote\n7.2-1\tÉté 😀 ok\n"
        var bytes: [UInt8] = encoding == .utf16LittleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += encoding == .utf16LittleEndian ? pair : pair.reversed()
        }
        FileManagerShim.write(path, bytes)
        #expect(try TextEncoding.detect(path: path) == encoding)
        let reader = try CSVReader(path: path, separator: nil)
        #expect(reader.separator == 0x09)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(records.map(\.fields) == [["item", "note"], ["7.2-1", "Été 😀 ok"]])
    }

    @Test(arguments: [
        ("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2,5;3\n", ";"), ("a\tb\n1\t2\n", "\t"),
        ("\"x;y\",b\n\"1;2\",3\n", ","), ("single\nvalue\n", ","),
    ])
    func sniffsTheSeparator(text: String, expected: String) throws {
        let folder = TemporaryDirectory()
        let path = folder.write("s.csv", text)
        let reader = try CSVReader(path: path, separator: nil)
        #expect(reader.separator == expected.utf8.first)
    }

    @Test func streamsALargeFileInChunks() throws {
        var text = "item,verdict,note\n"
        for index in 0..<30_000 {
            text += "\(index),conforming,\"note with, comma \(index)\"\n"
        }
        let (records, diagnostics) = try Self.read(text)
        #expect(diagnostics.isEmpty)
        #expect(records.count == 30_001)
        #expect(records.last?.fields == ["29999", "conforming", "note with, comma 29999"])
        #expect(records.last?.line == 30_001)
    }

    /// A reader fed one, two, three or seven bytes at a time reads what one fed a megabyte at
    /// a time reads — fields, lines, positions and problems — on random files full of quotes,
    /// doubled quotes, CRLF and line breaks inside quotes, so records split at every possible
    /// place still come out whole.
    @Test(arguments: [1, 2, 3, 7])
    func readsRecordsSplitAcrossReadsAlike(chunkSize: Int) throws {
        var random = SeededGenerator(state: UInt64(chunkSize) * 7919)
        let pieces = ["a", "é", "\"", "\"\"", ",", "\n", "\r\n", " ", "x y", "€", "\r"]
        let folder = TemporaryDirectory()
        for round in 0..<20 {
            var text = ""
            for _ in 0..<(40 + Int(random.next() % 80)) {
                text += pieces[Int(random.next() % UInt64(pieces.count))]
            }
            let path = folder.write("r\(round).csv", text)
            func readAll(_ size: Int) throws -> ([CSVRecord], [[Int]], [String]) {
                let reader = try CSVReader(path: path, encoding: .utf8, chunkSize: size)
                var records: [CSVRecord] = []
                while let record = try reader.next() { records.append(record) }
                return (
                    records, records.map { $0.positions.map { $0.line * 1000 + $0.column } },
                    reader.diagnostics.map(\.description)
                )
            }
            let whole = try readAll(1 << 20)
            let split = try readAll(chunkSize)
            #expect(split.0 == whole.0, "\(text.debugDescription)")
            #expect(split.1 == whole.1, "\(text.debugDescription)")
            #expect(split.2 == whole.2, "\(text.debugDescription)")
        }
    }

    /// Unquoted fields of every length up to 40, with the separators that are not this
    /// file's inside them: split exactly where a naive split puts them (fields are looked for
    /// eight bytes at a time).
    @Test(arguments: [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09])
    func splitsUnquotedFieldsOfEveryLength(separator: UInt8) throws {
        var random = SeededGenerator(state: UInt64(separator))
        let letters = ["a", "b", "é", "€", ",", ";", "\t", " "].filter {
            $0 != String(UnicodeScalar(separator))
        }
        var rows: [[String]] = []
        for length in 0...40 {
            rows.append(
                (0..<3).map { column in
                    let count = (length + column * 7) % 41
                    return (0..<count).map { _ in letters[Int(random.next() % 7)] }.joined()
                })
        }
        let text = rows.enumerated().map { index, row in
            row.joined(separator: String(UnicodeScalar(separator)))
                + (index % 2 == 0 ? "\r\n" : "\n")
        }.joined()
        let folder = TemporaryDirectory()
        let path = folder.write("s.csv", text)
        let reader = try CSVReader(path: path, separator: separator)
        var records: [CSVRecord] = []
        while let record = try reader.next() { records.append(record) }
        #expect(records.map(\.fields) == rows)
        #expect(reader.diagnostics.isEmpty)
    }

    @Test func readsDoubledQuotesAndLineBreaksAtEveryOffset() throws {
        let folder = TemporaryDirectory()
        let text = "k,v\r\n1,\"say \"\"hi\"\"\r\nthere\"\r\n2,\"\"\"\"\r\n3,plain\r\n"
        let path = folder.write("q.csv", text)
        for size in 1...8 {
            let reader = try CSVReader(path: path, chunkSize: size)
            var records: [CSVRecord] = []
            while let record = try reader.next() { records.append(record) }
            #expect(
                records.map(\.fields) == [
                    ["k", "v"], ["1", "say \"hi\"\r\nthere"], ["2", "\""], ["3", "plain"],
                ], "chunk size \(size)")
            #expect(records.map(\.line) == [1, 2, 4, 5], "chunk size \(size)")
            #expect(reader.diagnostics.isEmpty)
        }
    }

    @Test func aMissingFileIsAClearError() {
        #expect { _ = try CSVReader(path: "/nonexistent.csv") } throws: {
            "\($0)" == "cannot read '/nonexistent.csv': no such file"
        }
    }
}

/// Writes raw bytes, for inputs that are not valid text.
enum FileManagerShim {
    static func write(_ path: String, _ bytes: [UInt8]) {
        let file = fopen(path, "wb")
        defer { if let file { fclose(file) } }
        _ = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
    }
}
