import AuditReport
import AuditTestSupport
import Foundation
import Testing
import ZIPFoundation

/// The streaming ZIP writer and the ZIP side of `pack verify`.
@Suite struct ZipSinkTests {
    @Test func crcMatchesTheStandardCheckValue() {
        #expect(ZipCRC.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(ZipCRC.checksum([]) == 0)
        // Sliced and byte-wise paths agree however the input is split.
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = ZipCRC.checksum(bytes)
        let split = bytes.withUnsafeBytes { buffer in
            ZipCRC.update(
                ZipCRC.update(0, UnsafeRawBufferPointer(rebasing: buffer[0..<13])),
                UnsafeRawBufferPointer(rebasing: buffer[13...]))
        }
        #expect(whole == split)
    }

    @Test func entriesReadBackWithTheirContentAndTimestamp() throws {
        let folder = TemporaryDirectory()
        let big = folder.path + "/big.bin"
        // Over the whole-file limit, so the header is patched after streaming.
        let bigBytes = (0..<(9 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 11) }
        try Data(bigBytes).write(to: URL(fileURLWithPath: big))
        let small = folder.write("small.txt", "hello\n")
        let path = folder.path + "/out.zip"
        let sink = try ZipSink(path: path, timestamp: "2026-11-22T10:31:45.120Z")
        let text = try sink.add("index.html", bytes: Array("<p>é</p>".utf8))
        let copied = try sink.add("evidence/EV-0001/small.txt", copying: small)
        let streamed = try sink.add("evidence/EV-0002/big.bin", copying: big)
        #expect(try sink.add("evidence/EV-0003/gone.pdf", copying: folder.path + "/gone") == nil)
        try sink.finish()
        #expect(!FileManager.default.fileExists(atPath: path + ".partial-\(getpid())"))

        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var contents: [String: [UInt8]] = [:]
        for entry in archive {
            var bytes: [UInt8] = []
            let crc = try archive.extract(entry) { bytes.append(contentsOf: $0) }
            #expect(crc == entry.checksum, "\(entry.path)")
            contents[entry.path] = bytes
            let parts = Calendar(identifier: .gregorian).dateComponents(
                in: .current, from: entry.fileAttributes[.modificationDate] as? Date ?? .distantPast
            )
            #expect([parts.year, parts.month, parts.day] == [2026, 11, 22])
            #expect([parts.hour, parts.minute, parts.second] == [10, 31, 44])
        }
        #expect(
            contents.keys.sorted()
                == [text.path, copied?.path, streamed?.path].compactMap { $0 }.sorted())
        #expect(contents["evidence/EV-0002/big.bin"] == bigBytes)
        #expect(streamed?.size == bigBytes.count)
        #expect(contents["index.html"] == Array("<p>é</p>".utf8))
    }

    @Test func aZipWithTooManyEntriesIsRefused() throws {
        let folder = TemporaryDirectory()
        let sink = try ZipSink(path: folder.path + "/many.zip", timestamp: "2026-01-01T00:00:00Z")
        for index in 0..<65_535 { _ = try sink.add("f\(index)", bytes: []) }
        #expect(throws: PackError.self) { try sink.add("one-too-many", bytes: []) }
        sink.abandon()
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/many.zip"))
    }

    @Test(arguments: [
        "../evil.txt", "/etc/cron.d/evil", "a/../../evil", "..\\evil.txt", "C:\\evil",
    ])
    func entriesThatClimbOutAreRefusedBeforeAnythingIsRead(name: String) throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/slip.zip"
        let sink = try ZipSink(path: path, timestamp: "2026-01-01T00:00:00Z")
        _ = try sink.add("manifest.json", bytes: Array("{}".utf8))
        _ = try sink.add(name, bytes: Array("owned".utf8))
        try sink.finish()
        #expect {
            try PackVerifier.verify(path: path, chainProblem: { _, _ in nil })
        } throws: { error in
            guard case PackError.unsafeEntries(_, let entries, .outside) = error else {
                return false
            }
            return entries == [name]
        }
    }

    @Test func somethingThatIsNotAPackIsSaidSo() throws {
        let folder = TemporaryDirectory()
        let text = folder.write("notes.txt", "just notes")
        #expect {
            try PackVerifier.verify(path: text, chainProblem: { _, _ in nil })
        } throws: { error in
            "\(error)".contains("is not a qmsaudit pack: it is neither a folder nor a ZIP file")
        }
        #expect {
            try PackVerifier.verify(path: folder.path, chainProblem: { _, _ in nil })
        } throws: { error in "\(error)".contains("it has no manifest.json") }
    }
}
