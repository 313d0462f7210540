import AuditTestSupport
import Foundation
import ImportTransport
import Testing

@testable import AuditModel

@Suite struct KeyIndexTests {
    /// Against a plain dictionary, on keys that collide in their low bits, repeat, are empty
    /// or are long: the same duplicates, with the same first lines, through several growths.
    @Test func findsEveryDuplicateWithItsFirstLine() {
        var random = SeededGenerator(state: 42)
        var index = KeyIndex()
        var expected: [String: Int] = [:]
        for line in 1...20_000 {
            let key: String
            switch random.next() % 4 {
            case 0: key = "DOC-\(random.next() % 5000)"
            case 1: key = ""
            case 2: key = String(repeating: "é", count: Int(random.next() % 40)) + "\(line % 7)"
            default: key = "QP-7.5-\(line)"
            }
            let first = index.insert(key, line: line)
            #expect(first == expected[key], "line \(line): '\(key)'")
            if expected[key] == nil { expected[key] = line }
        }
        #expect(index.count == expected.count)
    }
}

@Suite struct KnownFilesTests {
    /// Facts put in come out again by key, texts compared byte for byte, a repeated key
    /// ignored, and `liveCount` counting only the files the last import still found.
    @Test func keepsEachFilesFactsByKey() throws {
        let files = KnownFiles(
            files: [
                "a/QP-7.5-01.pdf": KnownFile(
                    size: 10, modified: "2026-03-01T09:30:00.123Z", sha256: "ab12", number: 4),
                "b/é.txt": KnownFile(
                    size: nil, modified: "", sha256: "", number: 9, removed: true),
            ], derivation: "d1", lastImport: 3)
        #expect(files.count == 2 && files.liveCount == 1)
        #expect(files.derivation == "d1" && files.lastImport == 3)
        let entry = try #require(files.entry("a/QP-7.5-01.pdf"))
        #expect(files.size(at: entry) == 10 && files.number(at: entry) == 4)
        #expect(files.sha256(at: entry) == "ab12" && files.hasSHA256(at: entry))
        #expect(!files.isRemoved(at: entry))
        var same = "2026-03-01T09:30:00.123Z"
        var other = "2026-03-01T09:30:00.124Z"
        #expect(same.withUTF8 { files.modified(at: entry, is: $0) })
        #expect(!other.withUTF8 { files.modified(at: entry, is: $0) })
        #expect(
            files["b/é.txt"]
                == KnownFile(size: nil, modified: "", sha256: "", number: 9, removed: true))
        #expect(files["b/e\u{301}.txt"] == nil, "keys are compared as bytes, as SQLite does")
        #expect(files["c"] == nil && files.entry("") == nil)
        var more = files
        var key = "a/QP-7.5-01.pdf"
        var text = "x"
        key.withUTF8 { key in
            text.withUTF8 { text in
                more.add(
                    key: key, size: 1, modified: text, sha256: text, number: 99, removed: false)
            }
        }
        #expect(more.count == 2 && more["a/QP-7.5-01.pdf"]?.number == 4, "the first facts stay")
    }

    /// `line(of:)` finds what `insert` recorded, and nothing else.
    @Test func keyIndexLooksUpWithoutInserting() {
        var index = KeyIndex()
        for line in 1...3000 { _ = index.insert("K\(line)", line: line) }
        for line in 1...3000 {
            let key = "K\(line)"
            let found = index.line(of: key)
            #expect(found == line, "\(key) \(String(describing: found))")
            if found != line { break }
        }
        #expect(index.line(of: "K0") == nil && index.line(of: "") == nil)
        #expect(index.count == 3000)
    }
}

@Suite struct KeyIndexStorageTests {
    /// Keys that fill many 1 MiB blocks, one longer than a block, and a copy changed after
    /// the original: every key found with its line, and the copy's new key not in the original.
    @Test func keepsKeysAcrossBlocksAndCopiesApart() {
        var index = KeyIndex()
        let long = String(repeating: "L", count: 3 << 20)
        for line in 1...4000 {
            _ = index.insert(String(repeating: "k", count: 900) + "\(line)", line: line)
            if line == 2000 { #expect(index.insert(long, line: line) == nil) }
        }
        #expect(index.count == 4001)
        #expect(index.insert(long, line: 9) == 2000)
        var copy = index
        #expect(copy.insert("only in the copy", line: 5) == nil)
        #expect(copy.line(of: "only in the copy") == 5 && index.line(of: "only in the copy") == nil)
        for line in stride(from: 1, through: 4000, by: 37) {
            let key = String(repeating: "k", count: 900) + "\(line)"
            #expect(index.line(of: key) == line && copy.line(of: key) == line, "\(line)")
        }
        #expect(index.insert("", line: 1) == nil && index.insert("", line: 2) == 1)
        #expect(index.insert("x", line: Int(UInt32.max) + 5) == nil)
        #expect(index.line(of: "x") == Int(UInt32.max), "lines are kept as 32 bits")
    }
}
