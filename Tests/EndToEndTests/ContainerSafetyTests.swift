import AuditTestSupport
import Foundation
import Testing
import ZIPFoundation

/// Files built to hurt, refused or cut short in little memory.
///
/// A workbook that inflates to far more than it weighs, a register whose every row is wrong,
/// a cell of a hundred kilobytes.
@Suite struct ContainerSafetyTests {
    /// A workbook whose one sheet is `rows` identical rows under a `Doc No.` header, written
    /// by streaming (the test never holds the sheet), and how big the sheet part is.
    static func bomb(at path: String, rows: Int) throws -> Int {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        func add(_ name: String, _ text: String) throws {
            let data = Data(text.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { position, size in data.subdata(in: Int(position)..<Int(position) + size) }
        }
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        try add("[Content_Types].xml", "<Types/>")
        try add(
            "xl/workbook.xml",
            #"<workbook xmlns="\#(main)" xmlns:r="\#(relationships)"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        )
        try add(
            "xl/_rels/workbook.xml.rels",
            #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationships)/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
        )
        let head = Data(
            (#"<worksheet xmlns="\#(main)"><sheetData>"#
                + #"<row><c t="inlineStr"><is><t>Doc No.</t></is></c><c t="inlineStr"><is><t>Title</t></is></c></row>"#)
                .utf8)
        let row = Data(
            #"<row><c t="inlineStr"><is><t>QP-1</t></is></c><c t="inlineStr"><is><t>Same</t></is></c></row>"#
                .utf8)
        let tail = Data("</sheetData></worksheet>".utf8)
        let size = head.count + row.count * rows + tail.count
        try archive.addEntry(
            with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size),
            compressionMethod: .deflate, bufferSize: 1 << 16
        ) { position, length in
            var chunk = Data(capacity: length)
            var offset = Int(position)
            while chunk.count < length {
                let piece: Data
                let start: Int
                if offset < head.count {
                    (piece, start) = (head, offset)
                } else if offset < head.count + row.count * rows {
                    (piece, start) = (row, (offset - head.count) % row.count)
                } else {
                    (piece, start) = (tail, offset - head.count - row.count * rows)
                }
                let take = min(piece.count - start, length - chunk.count)
                chunk.append(piece.subdata(in: start..<start + take))
                offset += take
            }
            return chunk
        }
        return size
    }

    /// Runs the binary and returns its exit status and peak resident memory in KiB.
    ///
    /// The peak is the kernel's high-water mark of the program's own memory (`VmHWM` in
    /// /proc), read while it runs: the rusage a parent gets counts the parent's memory too,
    /// since a spawned child shares it until it execs.
    static func peak(_ arguments: [String], errors: String) throws -> (
        status: Int32, kilobytes: Int
    ) {
        var pid: pid_t = 0
        let argv = ([Binary.path] + arguments).map { strdup($0) } + [nil]
        defer {
            for pointer in argv { free(pointer) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let spawned = posix_spawn(&pid, Binary.path, &actions, nil, argv, environ)
        try #require(spawned == 0)
        var status: Int32 = 0
        var peak = 0
        let executable = URL(fileURLWithPath: Binary.path).lastPathComponent
        while waitpid(pid, &status, WNOHANG) == 0 {
            // Only once it runs qmsaudit itself: before exec the child is the test's copy.
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                text.split(separator: "\n").first(where: { $0.hasPrefix("Name:") })
                    == "Name:\t\(executable.prefix(15))",
                let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
            {
                peak = max(peak, kilobytes)
            }
            usleep(5_000)
        }
        return ((status >> 8) & 0xFF, peak)
    }

    static func audit(in folder: TemporaryDirectory) throws -> String {
        let path = folder.path + "/a.qmsaudit"
        let made = try Binary.run([
            "init", "--checklist", "iso9001-2015", "--org", "A", "--scope", "S", "--out", path,
        ])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    @Test func aWorkbookBombIsRefusedNamingThePart() throws {
        let folder = TemporaryDirectory()
        let audit = try Self.audit(in: folder)
        let bomb = folder.path + "/bomb.xlsx"
        let size = try Self.bomb(at: bomb, rows: 300_000)
        #expect(size > 16 << 20)
        let refused = try Binary.run(["import", "xlsx", bomb, "--dry-run", "--audit", audit])
        #expect(refused.status == 2)
        #expect(
            refused.stderr.contains(
                "part 'xl/worksheets/sheet1.xml' is refused: it inflates more than 200 times its"
                    + " compressed size"), "\(refused.stderr)")
        let small = try Binary.run([
            "import", "xlsx", bomb, "--dry-run", "--max-part-bytes", "1000000", "--max-ratio",
            "100000", "--audit", audit,
        ])
        #expect(small.status == 2)
        #expect(small.stderr.contains("it inflates to more than 1000000 bytes"), "\(small.stderr)")
    }

    /// Let through (the limits raised), the same workbook is read as a stream: a few tens of
    /// megabytes of sheet cost no more memory than a small one, and its 300,000 rows with one
    /// key give a bounded list of errors.
    @Test func aHugeSheetIsReadInFlatMemory() throws {
        let folder = TemporaryDirectory()
        let audit = try Self.audit(in: folder)
        let bomb = folder.path + "/bomb.xlsx"
        _ = try Self.bomb(at: bomb, rows: 170_000)
        let errors = folder.path + "/errors.txt"
        let (status, kilobytes) = try Self.peak(
            ["import", "xlsx", bomb, "--dry-run", "--max-ratio", "100000", "--audit", audit],
            errors: errors)
        #expect(status == 2, "every row repeats the first one's key")
        #expect(kilobytes > 0 && kilobytes < 100_000, "peak \(kilobytes) KiB")
        let stderr = try String(contentsOfFile: errors, encoding: .utf8)
        #expect(stderr.contains("(only the first 1000 are listed)"), "\(stderr.suffix(600))")
        #expect(stderr.utf8.count < 200_000, "\(stderr.utf8.count) bytes of errors")
    }

    @Test func anImportStopsReadingAfterAHundredErrors() throws {
        let folder = TemporaryDirectory()
        let audit = try Self.audit(in: folder)
        var csv = "Doc No.,Title\n"
        for index in 0..<5_000 { csv += "D\(index),,extra\n" }
        let path = folder.write("broken.csv", csv)
        let result = try Binary.run(["import", "csv", path, "--audit", audit])
        #expect(result.status == 2)
        #expect(
            result.stderr.contains("stopped reading after 100 errors"),
            "\(result.stderr.suffix(400))")
        #expect(
            result.stderr.contains("error: broken.csv: 101 errors")
                || result.stderr.contains("101 errors"))
    }

    /// One huge cell is cut, with a warning naming its line, field and length; the import
    /// goes on.
    @Test func aHugeCellIsCutNotRefused() throws {
        let folder = TemporaryDirectory()
        let audit = try Self.audit(in: folder)
        let title = String(repeating: "T", count: 100_000)
        let notes = String(repeating: "é", count: 40_000)
        let path = folder.write(
            "huge.csv", "Doc No.,Title,Notes\nD1,\(title),\(notes)\nD2,Short,x\n")
        let result = try Binary.run(["import", "csv", path, "--audit", audit])
        #expect(result.status == 0, "\(result.stderr.prefix(300))")
        #expect(
            result.stderr.contains(
                "huge.csv:2:4: warning: the title is 100000 bytes long; cut to the first 65536"))
        #expect(
            result.stderr.contains("the description is 80000 bytes long; cut to the first 65536"))
        let shown = try Binary.run([
            "evidence", "show", "EV-0001", "--format", "json", "--audit", audit,
        ])
        let object =
            try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any]
        #expect((object?["title"] as? String)?.utf8.count == 65_536)
        // Cut at a character's start: the two-byte é is never split.
        #expect((object?["description"] as? String)?.utf8.count == 65_536)
        let tight = try Binary.run([
            "import", "csv", path, "--dry-run", "--max-field-bytes", "10", "--audit", audit,
        ])
        #expect(
            tight.status != 0
                && tight.stderr.contains("--max-field-bytes takes a number of bytes, 64 or more"))
    }
}
