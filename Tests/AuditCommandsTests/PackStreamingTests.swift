import AuditModel
import AuditReport
import AuditStore
import AuditTestSupport
import Foundation
import Testing

@testable import AuditCommands

/// The pack reads the evidence register a record at a time, more than once.
///
/// Once to judge and copy the files, once more for each register file it streams. Every record is in the registers, and a
/// change that comes in between the readings is refused with nothing written.
@Suite struct PackStreamingTests {
    /// The example audit's register, read as the pack reads it; the journal may move on
    /// while it is read, or the second reading may come up a record short.
    struct Moving: EvidenceRegister {
        /// How many times the register was read.
        final class Readings: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0

            func next() -> Int {
                lock.withLock {
                    count += 1
                    return count
                }
            }
        }

        let inner: AuditFileRegister
        var journalMoves = false
        var secondReadingShort = false
        let readings = Readings()

        func forEachEvidence(_ body: (Evidence, EvidenceFileState?) throws -> Void) throws {
            let reading = readings.next()
            var records: [(Evidence, EvidenceFileState?)] = []
            try inner.forEachEvidence { records.append(($0, $1)) }
            if reading > 1 && secondReadingShort { records.removeLast() }
            for (record, state) in records { try body(record, state) }
        }

        func evidence(ids: Set<String>) throws -> [Evidence] { try inner.evidence(ids: ids) }

        func journalHead() throws -> String {
            journalMoves ? String(repeating: "0", count: 64) : try inner.journalHead()
        }
    }

    static func pack(_ audit: ScratchAudit) throws -> StageOnePack {
        let file = try AuditFile.open(at: audit.path)
        return try AuditSnapshot(file, asOf: day("2026-11-22")).stageOnePack(
            journal: try file.journal(), asOf: day("2026-11-22"), copyEvidence: false)
    }

    @Test(arguments: [(true, false), (false, true)])
    func aChangeBetweenTheReadingsIsRefused(journalMoves: Bool, secondReadingShort: Bool)
        async throws
    {
        let audit = try await PackCommandTests.exampleAudit()
        var pack = try Self.pack(audit)
        let inner = try AuditFileRegister(AuditFile.open(at: audit.path), check: .quick)
        for (folder, zip) in [("pack", nil), (nil, "pack.zip")] as [(String?, String?)] {
            pack.evidence = Moving(
                inner: inner, journalMoves: journalMoves, secondReadingShort: secondReadingShort)
            let out = folder.map { audit.folder.path + "/" + $0 }
            let archive = zip.map { audit.folder.path + "/" + $0 }
            #expect {
                _ = try pack.write(folder: out, zip: archive)
            } throws: { error in
                guard case .auditChanged? = error as? PackError else { return false }
                return "\(error)".contains("run pack again")
            }
            for path in [out, archive].compactMap({ $0 }) {
                #expect(!FileManager.default.fileExists(atPath: path), "\(path)")
            }
        }
        #expect(
            PackCommandTests.files(in: audit.folder.path).allSatisfy { !$0.contains("partial") })
    }

    /// Both evidence registers hold every record, in id order, with its file's state; the JSON
    /// one keeps each record's other columns as an object.
    @Test func theStreamedRegistersHoldEveryRecord() async throws {
        let audit = try await PackCommandTests.exampleAudit()
        let out = audit.folder.path + "/pack"
        let zip = audit.folder.path + "/pack.zip"
        let result = await audit.run(
            "pack", "--out", out, "--zip", zip, "--as-of", "2026-11-22")
        #expect(result.status == 0, "\(result.stderr)")
        let listed = await audit.run("evidence", "list", "--format", "json")
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/registers/evidence.json"))
        let rows = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        #expect(rows.map { $0["id"] as? String } == expected.map { $0["id"] as? String })
        #expect(rows.count > 30)
        #expect(rows.allSatisfy { $0["attributes"] is [String: Any] })
        #expect(rows.contains { ($0["attributes"] as? [String: Any])?.isEmpty == false })
        let csv = try String(contentsOfFile: out + "/registers/evidence.csv", encoding: .utf8)
        #expect(csv.hasPrefix("id,kind,number,title,revision,clauses,"))
        #expect(String(decoding: data, as: UTF8.self).hasPrefix("[\n  {\n    \"id\": \"EV-0001\""))
        #expect(csv.split(separator: "\r\n").count == rows.count + 1)
        let verified = await qmsaudit(["pack", "verify", zip], input: [])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    }
}
