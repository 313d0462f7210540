import AuditTestSupport
import Foundation
import Testing

@testable import ImportKit

@Suite struct TextEncodingTests {
    @Test func validatesUTF8Strictly() {
        func valid(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBufferPointer { UTF8Validator.isValid($0) }
        }
        #expect(valid(Array("plain ASCII, é, €, 😀 and more ASCII after".utf8)))
        #expect(!valid([0xC0, 0xAF]), "an overlong '/'")
        #expect(!valid([0xE0, 0x80, 0xAF]), "an overlong three-byte form")
        #expect(!valid([0xED, 0xA0, 0x80]), "a UTF-16 surrogate")
        #expect(!valid([0xF4, 0x90, 0x80, 0x80]), "past U+10FFFF")
        #expect(!valid([0xE2, 0x82]), "cut short")
        #expect(!valid(Array("12345678".utf8) + [0xFF]), "after an ASCII run")
    }

    /// A file large enough to be checked in two halves: a character cut by the middle is
    /// still one valid character, and a bad byte in either half, or a stray continuation byte
    /// where the second half would start, makes it Windows-1252.
    @Test func checksALargeFileInHalvesAcrossTheMiddle() throws {
        let folder = TemporaryDirectory()
        let size = 9 << 20
        var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: size)
        let middle = size / 2
        bytes.replaceSubrange((middle - 2)..<(middle + 2), with: [0xF0, 0x9F, 0x98, 0x80])  // 😀
        let path = folder.path + "/large.csv"
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        #expect(try TextEncoding.detect(path: path) == .utf8)
        for (offset, byte) in [(size - 3, 0xFF), (10, 0xC3), (middle, 0x80), (middle + 5, 0xBF)] {
            var bad = bytes
            if offset == middle {
                bad.replaceSubrange((middle - 2)..<(middle + 2), with: [0x61, 0x61, 0x80, 0x80])
            } else {
                bad[offset] = UInt8(byte)
            }
            FileManager.default.createFile(atPath: path, contents: Data(bad))
            #expect(try TextEncoding.detect(path: path) == .windows1252, "byte at \(offset)")
        }
    }

    @Test func fetchesOnlyTheLinesAskedForInTheFilesEncoding() {
        let folder = TemporaryDirectory()
        let path = folder.path + "/w.csv"
        // "Réf;Maîtrise" in Windows-1252 on line 2.
        let bytes: [UInt8] =
            Array("a;b\r\n".utf8) + [0x52, 0xE9, 0x66, 0x3B, 0x4D, 0x61, 0xEE]
            + Array("trise\r\nc;d".utf8)
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let lines = SourceLines.read([2, 3, 9], of: path)
        #expect(lines == [2: "Réf;Maîtrise\r", 3: "c;d"])
    }
}
