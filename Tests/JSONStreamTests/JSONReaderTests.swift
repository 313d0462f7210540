import Foundation
import JSONStream
import Testing

struct JSONReaderTests {
    private func reader(_ text: String) -> JSONReader {
        JSONReader(bytes: Array(text.utf8))
    }

    private func failure(_ text: String, _ walk: (JSONReader) throws -> Void) -> JSONSyntaxError? {
        do {
            try walk(reader(text))
            return nil
        } catch let error as JSONSyntaxError {
            return error
        } catch {
            return nil
        }
    }

    @Test func walksObjectsArraysAndScalars() throws {
        let json = reader(
            #"{"a": "x\n\u00e9\ud83d\ude00", "b": [1, -20, null], "c": true, "d": {"e": false}}"#)
        try json.beginObject()
        #expect(try json.nextKey() == "a")
        #expect(try json.string() == "x\né😀")
        #expect(try json.nextKey() == "b")
        try json.beginArray()
        #expect(try json.nextElement())
        #expect(try json.integer() == 1)
        #expect(try json.nextElement())
        #expect(try json.optionalInteger() == -20)
        #expect(try json.nextElement())
        #expect(try json.optionalString() == nil)
        #expect(try !json.nextElement())
        #expect(try json.nextKey() == "c")
        #expect(try json.bool())
        #expect(try json.nextKey() == "d")
        #expect(String(decoding: try json.raw(), as: UTF8.self) == #"{"e":false}"#)
        #expect(try json.nextKey() == nil)
        try json.finish()
    }

    @Test func rawKeepsEscapesAndDropsWhitespaceBetweenTokens() throws {
        let json = reader("  [ 1.5e3 , \"a\\/b \\u00e9\" ,{ \"k\" : [ ] } ]  ")
        #expect(
            String(decoding: try json.raw(), as: UTF8.self) == #"[1.5e3,"a\/b \u00e9",{"k":[]}]"#)
        try json.finish()
    }

    @Test func errorsNameTheirLineAndColumnInCharacters() {
        let trailing = failure("{\n  \"a\": 1,\n}") { json in
            try json.beginObject()
            _ = try json.nextKey()
            _ = try json.integer()
            _ = try json.nextKey()
        }
        #expect(
            trailing == JSONSyntaxError(line: 3, column: 1, message: "a trailing ',' before '}'"))
        let afterAccent = failure("[\"é\" x]") { json in
            try json.beginArray()
            _ = try json.nextElement()
            _ = try json.string()
            _ = try json.nextElement()
        }
        #expect(afterAccent?.line == 1)
        #expect(afterAccent?.column == 6)
        #expect(afterAccent?.message == "expected ',' or ']', found 'x'")
        let unclosed = failure("\"abc\ndef\"") { _ = try $0.string() }
        #expect(unclosed?.message == "the string is not closed before the end of the line")
        #expect(unclosed?.column == 5)
    }

    @Test func refusesWhatJSONDoesNotAllow() {
        let cases: [(String, String)] = [
            ("01", "not a number as JSON writes it"),
            ("1.", "not a number as JSON writes it"),
            ("\"\\x\"", "'\\x' is not an escape JSON knows"),
            ("\"\\ud800\"", "a lone surrogate \\ud800 in a string"),
            ("tru", "expected true"),
            ("[1 2]", "expected ',' or ']', found a number"),
            ("{\"a\" 1}", "expected ':' after the member name, found a number"),
            ("1 2", "a number after the end of the document"),
        ]
        for (text, message) in cases {
            let error = failure(text) { json in
                try json.skip()
                try json.finish()
            }
            #expect(error?.message == message, "\(text)")
        }
    }

    @Test func deepNestingIsRefusedNotOverflowed() {
        let error = failure(String(repeating: "[", count: 100_000)) { try $0.skip() }
        #expect(error?.message == "nested more than 512 deep")
    }

    @Test func wholeNumbersOnlyWhereWholeNumbersAreAsked() {
        #expect(
            failure("1.5") { _ = try $0.integer() }?.message == "expected a whole number, found 1.5"
        )
        #expect(
            failure("99999999999999999999") { _ = try $0.integer() }?.message
                == "expected a whole number, found 99999999999999999999")
    }

    @Test func readsAFileLargerThanItsBuffer() throws {
        let path = NSTemporaryDirectory() + "json-reader-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let rows = (0..<60_000).map { #"{"n":\#($0),"s":"row \#($0) é"}"# }
        try ("[\n" + rows.joined(separator: ",\n") + "\n]\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        let json = try JSONReader(path: path)
        try json.beginArray()
        var count = 0
        while try json.nextElement() {
            try json.beginObject()
            #expect(try json.nextKey() == "n")
            #expect(try json.integer() == count)
            #expect(try json.nextKey() == "s")
            #expect(try json.string() == "row \(count) é")
            #expect(try json.nextKey() == nil)
            count += 1
        }
        try json.finish()
        #expect(count == 60_000)
        #expect(json.position.line == 60_003)  // the end, after the last newline
    }
}

struct JSONWriterTests {
    @Test func escapesAsJSONValueDoesAndReadsBack() throws {
        let path = NSTemporaryDirectory() + "json-writer-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let writer = JSONWriter(descriptor: descriptor, name: path)
        let text = "quote \" back \\ nl \n cr \r tab \t bell \u{7} ls \u{2028} ps \u{2029} é"
        try writer.string(text)
        try writer.flush()
        close(descriptor)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(
            written
                == #""quote \" back \\ nl \n cr \r tab \t bell \u0007 ls \u2028 ps \u2029 é""#)
        #expect(try JSONReader(path: path).string() == text)
    }
}
