import GRDB

/// The programme file's schema, as named migrations (never edited once released).
enum ProgrammeSchema {
    /// The migrations in order; the identifiers are recorded in the file.
    static let identifiers = ["2026-12-p1-programme", "2026-12-p2-programme-actions"]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(identifiers[0]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE programme (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        uuid TEXT NOT NULL,
                        organisation TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        tool_version TEXT NOT NULL
                    );
                    CREATE TABLE checklist (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        json BLOB NOT NULL
                    );
                    CREATE TABLE journal_head (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        sha256 TEXT NOT NULL
                    );
                    CREATE TABLE journal (
                        seq INTEGER PRIMARY KEY NOT NULL,
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        command TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        action TEXT NOT NULL,
                        before TEXT,
                        after TEXT,
                        prev_sha256 TEXT NOT NULL,
                        sha256 TEXT NOT NULL
                    );
                    CREATE INDEX journal_entity ON journal(entity);
                    CREATE TABLE process (
                        id TEXT PRIMARY KEY NOT NULL,
                        json TEXT NOT NULL
                    );
                    CREATE TABLE auditor (
                        name TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                        json TEXT NOT NULL
                    );
                    CREATE TABLE planned_audit (
                        id TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                        json TEXT NOT NULL
                    );
                    CREATE TABLE certification (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        json TEXT NOT NULL
                    );
                    CREATE TABLE attached_audit (
                        audit_id TEXT PRIMARY KEY NOT NULL COLLATE NOCASE,
                        uuid TEXT NOT NULL,
                        path TEXT NOT NULL,
                        info TEXT NOT NULL,
                        events INTEGER NOT NULL,
                        head TEXT NOT NULL,
                        date TEXT,
                        evidence INTEGER NOT NULL,
                        attached_at TEXT NOT NULL
                    );
                    CREATE TABLE attached_event (
                        audit_id TEXT NOT NULL COLLATE NOCASE,
                        seq INTEGER NOT NULL,
                        sha256 TEXT NOT NULL,
                        entity TEXT NOT NULL,
                        action TEXT NOT NULL,
                        at TEXT NOT NULL,
                        PRIMARY KEY (audit_id, seq)
                    ) WITHOUT ROWID;
                    CREATE TABLE attached_answer (
                        audit_id TEXT NOT NULL COLLATE NOCASE,
                        item_id TEXT NOT NULL,
                        clause TEXT NOT NULL,
                        verdict TEXT NOT NULL,
                        PRIMARY KEY (audit_id, item_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE attached_evidence (
                        audit_id TEXT NOT NULL COLLATE NOCASE,
                        evidence_id TEXT NOT NULL,
                        number TEXT NOT NULL,
                        title TEXT NOT NULL,
                        revision TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        clauses TEXT NOT NULL,
                        PRIMARY KEY (audit_id, evidence_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE attached_finding (
                        audit_id TEXT NOT NULL COLLATE NOCASE,
                        finding_id TEXT NOT NULL,
                        finding TEXT NOT NULL,
                        action TEXT,
                        PRIMARY KEY (audit_id, finding_id)
                    ) WITHOUT ROWID;
                    """)
        }
        // Corrective actions moved on the programme, over the copy an attach brought in; the
        // journal's head also says which event it is, so a writer learns it with its lock.
        migrator.registerMigration(identifiers[1]) { db in
            try db.execute(
                sql: """
                    ALTER TABLE journal_head ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
                    UPDATE journal_head SET seq = coalesce((SELECT max(seq) FROM journal), 0);
                    CREATE TABLE programme_action (
                        audit_id TEXT NOT NULL COLLATE NOCASE,
                        finding_id TEXT NOT NULL,
                        action TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        PRIMARY KEY (audit_id, finding_id)
                    ) WITHOUT ROWID;
                    """)
        }
        return migrator
    }
}
