import AuditModel
import Foundation
import GRDB
import JSONStream

/// Reads a `qmsaudit-audit/1` document into an empty audit database inside the caller's
/// transaction, a row at a time, checking the journal's chain as it goes.
struct AuditJSONLoader {
    let db: Database
    let reader: JSONReader
    let source: String

    private var seen: Set<String> = []
    private var counts: [(member: String, rows: Int)] = []
    private var checklist: (bytes: [UInt8], at: (Int, Int))?
    private var checklistSHA256: String?
    private var head: (hash: String, at: (Int, Int))?
    private var lastHash = JournalEvent.genesis
    private var events = 0
    /// Where each answer stands in the document, to point at one the journal disowns.
    private var answerPositions: [String: (line: Int, column: Int)] = [:]
    private let arena = BindArena()

    init(db: Database, reader: JSONReader, source: String) {
        self.db = db
        self.reader = reader
        self.source = source
    }

    private enum Value {
        case text(String)
        case integer(Int)
        case json([UInt8])
        case null
    }

    /// Reads the whole document and writes its rows.
    ///
    /// - Throws: `AuditStoreError.rebuildRefused` at the first problem.
    mutating func load() throws -> AuditFile.JSONSummary {
        do {
            try reader.beginObject()
            guard try reader.nextKey() == "schema" else {
                throw reader.error(
                    "a whole-audit export starts with its \"schema\" member"
                        + " (\"\(AuditJSONFormat.schema)\"); this document does not: it is not"
                        + " a qmsaudit export")
            }
            let schema = try reader.string()
            guard schema == AuditJSONFormat.schema else {
                throw reader.error(
                    schema.hasPrefix("qmsaudit-audit/")
                        ? "this is \(schema), written by a newer qmsaudit; this one reads"
                            + " \(AuditJSONFormat.schema)"
                        : "the schema is \"\(schema)\", not \(AuditJSONFormat.schema)")
            }
            let tables = Dictionary(
                uniqueKeysWithValues: AuditJSONFormat.tables.map { ($0.member, $0) })
            while let member = try reader.nextKey() {
                guard seen.insert(member).inserted else {
                    throw reader.error("\"\(member)\" appears twice")
                }
                switch member {
                case "audit":
                    try rows(of: AuditJSONFormat.audit, single: true)
                case "checklist":
                    guard try reader.kind() == .object else {
                        throw reader.error("the checklist must be an object")
                    }
                    let at = reader.position
                    checklist = (try reader.raw(), at)
                case "journal_head":
                    let hash = try reader.string()
                    head = (hash, reader.position)
                default:
                    guard let table = tables[member] else {
                        throw reader.error(
                            "\"\(member)\" is not a member of \(AuditJSONFormat.schema)")
                    }
                    try rows(of: table, single: false)
                }
            }
            try reader.finish()
            let required = ["audit", "checklist", "journal_head"] + tables.keys
            if let missing = required.sorted().first(where: { !seen.contains($0) }) {
                throw reader.error("the document has no \"\(missing)\" member")
            }
            try finishChecklist()
            try finishJournal()
        } catch let error as JSONSyntaxError {
            throw refused(error.line, error.column, error.message)
        }
        return AuditFile.JSONSummary(counts: counts, journalEvents: events)
    }

    /// Refuses answers that are not the ones the journal last recorded for their items: an
    /// answer edited in the document after the export, which the chain alone cannot see.
    func checkAnswers() throws {
        let answers = try Row.fetchCursor(
            db,
            sql: """
                SELECT r.item_id, r.verdict, r.note, j.seq, j.after
                FROM response r LEFT JOIN journal j ON j.seq =
                    (SELECT max(seq) FROM journal WHERE entity = 'item:' || r.item_id
                        AND action IN ('answer', 'change', 'clear', 'carry'))
                ORDER BY r.item_id
                """)
        while let row = try answers.next() {
            let item: String = row[0]
            guard let sequence: Int = row[3] else {
                let at = answerPositions[item] ?? (0, 0)
                throw refused(at.line, at.column, "the answer to \(item) has no journal event")
            }
            let after = (row[4] as String?).flatMap { text in
                try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
            }
            guard after?["verdict"] as? String == row[1], after?["note"] as? String == row[2]
            else {
                let at = answerPositions[item] ?? (0, 0)
                throw refused(
                    at.line, at.column,
                    "the answer to \(item) is not the one journal event \(sequence) recorded: it"
                        + " was changed after the export")
            }
        }
        let cleared = try Row.fetchOne(
            db,
            sql: """
                SELECT substr(j.entity, 6), j.seq FROM journal j
                WHERE j.entity LIKE 'item:%' AND j.after IS NOT NULL
                    AND j.action IN ('answer', 'change', 'carry')
                    AND j.seq = (SELECT max(seq) FROM journal WHERE entity = j.entity
                        AND action IN ('answer', 'change', 'clear', 'carry'))
                    AND substr(j.entity, 6) NOT IN (SELECT item_id FROM response)
                ORDER BY j.seq LIMIT 1
                """)
        if let cleared {
            let item: String = cleared[0]
            let sequence: Int = cleared[1]
            throw refused(
                0, 0,
                "journal event \(sequence) answered \(item), but the document holds no answer to"
                    + " it: it was removed after the export")
        }
    }

    /// Refuses rows that name a row the document does not hold (an evidence record's source,
    /// a link's record, a step's action).
    func checkReferences() throws {
        let members = Dictionary(
            uniqueKeysWithValues: AuditJSONFormat.tables.map { ($0.table, $0.member) })
        guard let row = try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") else { return }
        let table: String = row[0]
        let parent: String = row[2]
        throw refused(
            0, 0,
            "a row of \"\(members[table] ?? table)\" names a row of \"\(members[parent] ?? parent)\""
                + " that the document does not hold")
    }

    private func refused(_ line: Int, _ column: Int, _ message: String) -> AuditStoreError {
        .rebuildRefused(source: source, line: line, column: column, message: message)
    }

    // MARK: - Rows

    private mutating func rows(of table: AuditJSONFormat.Table, single: Bool) throws {
        let statement = try RawStatement(db, arena: arena, sql: table.insertSQL)
        let index = Dictionary(
            uniqueKeysWithValues: table.columns.enumerated().map { ($1.name, $0) })
        var values = [Value?](repeating: nil, count: table.columns.count)
        var count = 0
        if !single { try reader.beginArray() }
        while try single ? count == 0 : reader.nextElement() {
            let start = reader.position
            try reader.beginObject()
            let rowStart = reader.position
            for slot in values.indices { values[slot] = nil }
            while let key = try reader.nextKey() {
                guard let slot = index[key] else {
                    throw reader.error(
                        "\"\(key)\" is not a member of \(single ? "the audit" : "a row of \"\(table.member)\"")"
                    )
                }
                guard values[slot] == nil else { throw reader.error("\"\(key)\" appears twice") }
                values[slot] = try value(table.columns[slot].kind)
            }
            if let missing = values.firstIndex(where: { $0 == nil }) {
                throw JSONSyntaxError(
                    line: rowStart.line, column: rowStart.column,
                    message: "the row has no \"\(table.columns[missing].name)\"")
            }
            if table.table == "journal" { try chain(values, at: start) }
            if table.table == "response", case .text(let item) = values[0] {
                answerPositions[item] = start
            }
            if table.table == "audit", case .text(let hash) = values[10] {
                checklistSHA256 = hash
            }
            arena.reset()
            for (slot, value) in values.enumerated() {
                let parameter = Int32(slot + 1)
                switch value {
                case .text(let text): statement.bind(parameter, text)
                case .integer(let number): statement.bind(parameter, number)
                case .json(let bytes):
                    bytes.withUnsafeBufferPointer { statement.bind(parameter, $0) }
                case .null, nil: statement.bind(parameter, nil as Int?)
                }
            }
            do {
                try statement.execute()
            } catch let error as DatabaseError {
                throw JSONSyntaxError(
                    line: start.line, column: start.column,
                    message: "the audit file refuses this row of \"\(table.member)\": "
                        + (error.message ?? "\(error)"))
            }
            count += 1
        }
        counts.append((table.member, count))
    }

    private func value(_ kind: AuditJSONFormat.Kind) throws -> Value {
        let isNull = try reader.kind() == .null
        switch kind {
        case .text:
            return .text(try reader.string())
        case .integer:
            return .integer(try reader.integer())
        case .bool:
            return .integer(try reader.bool() ? 1 : 0)
        case .optionalText, .optionalInteger, .optionalBool, .optionalJSON, .json:
            if isNull {
                try reader.null()
                return kind == .json ? .text("") : .null
            }
            switch kind {
            case .optionalText: return .text(try reader.string())
            case .optionalInteger: return .integer(try reader.integer())
            case .optionalBool: return .integer(try reader.bool() ? 1 : 0)
            default: return .json(try reader.raw())
            }
        }
    }

    // MARK: - Checks

    /// Checks one journal event against the one before it, as `log --verify` does.
    private mutating func chain(_ values: [Value?], at start: (line: Int, column: Int)) throws {
        func text(_ slot: Int) -> String? {
            if case .text(let text) = values[slot] { return text }
            return nil
        }
        guard case .integer(let sequence) = values[0] else { return }
        let event = JournalEvent(
            sequence: sequence, time: text(1) ?? "", actor: text(2) ?? "",
            command: text(3) ?? "", entity: text(4) ?? "", action: text(5) ?? "",
            before: text(6), after: text(7), previousHash: text(8) ?? "", hash: text(9) ?? "")
        let problem: String? =
            if sequence != events + 1 {
                "journal event \(events + 1) is missing (found \(sequence) next)"
            } else if event.previousHash != lastHash {
                "journal event \(sequence) does not link to the event before it"
            } else if event.expectedHash != event.hash {
                "journal event \(sequence) does not match its hash: it was changed after it was"
                    + " written"
            } else {
                nil
            }
        if let problem {
            throw JSONSyntaxError(line: start.line, column: start.column, message: problem)
        }
        events += 1
        lastHash = event.hash
    }

    private func finishJournal() throws {
        guard let head else { return }
        guard head.hash == lastHash else {
            throw JSONSyntaxError(
                line: head.at.0, column: head.at.1,
                message: "the journal ends at event \(events), but \"journal_head\" names a"
                    + " different last event: events were removed")
        }
        try db.execute(
            sql: "INSERT INTO journal_head (id, sha256) VALUES (1, ?)", arguments: [head.hash])
    }

    /// Stores the checklist if it is the one the audit record's SHA-256 names.
    private func finishChecklist() throws {
        guard let checklist, let checklistSHA256 else { return }
        guard SHA256Hex.of(checklist.bytes) == checklistSHA256 else {
            throw JSONSyntaxError(
                line: checklist.at.0, column: checklist.at.1,
                message: "the checklist does not match the audit's \"checklist_sha256\": it was"
                    + " changed after the export")
        }
        guard (try? JSONDecoder().decode(Checklist.self, from: Data(checklist.bytes))) != nil
        else {
            throw JSONSyntaxError(
                line: checklist.at.0, column: checklist.at.1,
                message: "the checklist is not one this qmsaudit can read")
        }
        try db.execute(
            sql: "INSERT INTO checklist (id, json) VALUES (1, ?)",
            arguments: [Data(checklist.bytes)])
    }
}
