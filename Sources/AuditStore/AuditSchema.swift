import GRDB

/// The audit file's schema, as named migrations.
///
/// A migration is never edited once released: a change to the schema is a new migration appended here.
enum AuditSchema {
    /// The migrations in order; the identifiers are recorded in the file.
    static let identifiers = [
        "2026-11-v1-audit", "2026-11-v2-journal-entity-index", "2026-11-v3-evidence",
        "2026-11-v4-evidence-compact", "2026-11-v5-findings", "2026-11-v6-source-derivation",
        "2026-11-v7-source-place", "2026-12-v8-evidence-content-and-roots",
        "2026-12-v9-judgement", "2026-12-v10-programme", "2026-12-v11-clause-basis",
    ]

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration(identifiers[0]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        uuid TEXT NOT NULL,
                        organisation TEXT NOT NULL,
                        scope TEXT NOT NULL,
                        sites TEXT NOT NULL,
                        audit_type TEXT NOT NULL,
                        auditors TEXT NOT NULL,
                        created_at TEXT NOT NULL,
                        tool_version TEXT NOT NULL,
                        checklist_id TEXT NOT NULL,
                        checklist_revision TEXT NOT NULL,
                        checklist_sha256 TEXT NOT NULL
                    );
                    CREATE TABLE checklist (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        json BLOB NOT NULL
                    );
                    CREATE TABLE journal_head (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        sha256 TEXT NOT NULL
                    );
                    CREATE TABLE response (
                        item_id TEXT PRIMARY KEY NOT NULL,
                        verdict TEXT NOT NULL
                            CHECK (verdict IN ('conforming','observation','ofi','minor','major','na')),
                        note TEXT NOT NULL DEFAULT '',
                        justification TEXT NOT NULL DEFAULT '',
                        sample TEXT NOT NULL DEFAULT '',
                        answered_at TEXT NOT NULL,
                        answered_by TEXT NOT NULL
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
                    """)
        }
        migrator.registerMigration(identifiers[1]) { db in
            try db.execute(sql: "CREATE INDEX journal_entity ON journal(entity)")
        }
        migrator.registerMigration(identifiers[2]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE evidence (
                        id TEXT PRIMARY KEY NOT NULL,
                        number INTEGER NOT NULL UNIQUE,
                        source TEXT NOT NULL,
                        natural_key TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        title TEXT NOT NULL,
                        document_number TEXT NOT NULL,
                        revision TEXT NOT NULL,
                        location TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER,
                        modified TEXT NOT NULL,
                        effective_date TEXT NOT NULL,
                        review_date TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        clauses TEXT NOT NULL,
                        tags TEXT NOT NULL,
                        status TEXT NOT NULL,
                        imported_at TEXT NOT NULL,
                        updated_at TEXT NOT NULL,
                        removed_from_source INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (source, natural_key)
                    );
                    CREATE TABLE item_evidence (
                        item_id TEXT NOT NULL,
                        evidence_id TEXT NOT NULL REFERENCES evidence(id),
                        linked_at TEXT NOT NULL,
                        linked_by TEXT NOT NULL,
                        PRIMARY KEY (item_id, evidence_id)
                    );
                    """)
        }
        // Evidence rows made compact, so a register of a million rows imports in seconds: the
        // number is the row id (the id `EV-0001` is derived from it), the source and the import
        // that added or changed a record are small integers into their own tables, and the
        // only other index is the natural key's. A fingerprint of the imported fields lets a
        // re-import see an unchanged record without reading it (0: not known, compare fields).
        migrator.registerMigration(identifiers[3]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE evidence_source (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE
                    );
                    CREATE TABLE evidence_import (
                        id INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES evidence_source(id),
                        at TEXT NOT NULL,
                        actor TEXT NOT NULL
                    );
                    CREATE TABLE evidence_v4 (
                        number INTEGER PRIMARY KEY,
                        source_id INTEGER NOT NULL REFERENCES evidence_source(id),
                        natural_key TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        title TEXT NOT NULL,
                        document_number TEXT NOT NULL,
                        revision TEXT NOT NULL,
                        location TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER,
                        modified TEXT NOT NULL,
                        effective_date TEXT NOT NULL,
                        review_date TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        clauses TEXT NOT NULL,
                        tags TEXT NOT NULL,
                        status TEXT NOT NULL,
                        imported_in INTEGER NOT NULL,
                        updated_in INTEGER NOT NULL,
                        removed_from_source INTEGER NOT NULL DEFAULT 0,
                        fingerprint INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (source_id, natural_key)
                    );
                    CREATE TABLE item_evidence_v4 (
                        item_id TEXT NOT NULL,
                        evidence_number INTEGER NOT NULL REFERENCES evidence_v4(number),
                        linked_at TEXT NOT NULL,
                        linked_by TEXT NOT NULL,
                        PRIMARY KEY (item_id, evidence_number)
                    );
                    INSERT INTO evidence_source (name)
                        SELECT DISTINCT source FROM evidence ORDER BY source;
                    INSERT INTO evidence_import (source_id, at, actor)
                        SELECT s.id, t.at,
                            coalesce((SELECT j.actor FROM journal j WHERE j.action = 'import'
                                AND j.entity = 'source:' || s.name AND j.at = t.at), '')
                        FROM (SELECT source, imported_at AS at FROM evidence
                              UNION SELECT source, updated_at FROM evidence) t
                        JOIN evidence_source s ON s.name = t.source
                        ORDER BY t.at, s.id;
                    INSERT INTO evidence_v4
                        SELECT e.number, s.id, e.natural_key, e.kind, e.title, e.document_number,
                            e.revision, e.location, e.sha256, e.size, e.modified, e.effective_date,
                            e.review_date, e.owner, e.clauses, e.tags, e.status,
                            (SELECT i.id FROM evidence_import i
                                WHERE i.source_id = s.id AND i.at = e.imported_at),
                            (SELECT i.id FROM evidence_import i
                                WHERE i.source_id = s.id AND i.at = e.updated_at),
                            e.removed_from_source, 0
                        FROM evidence e JOIN evidence_source s ON s.name = e.source;
                    INSERT INTO item_evidence_v4
                        SELECT l.item_id, e.number, l.linked_at, l.linked_by
                        FROM item_evidence l JOIN evidence e ON e.id = l.evidence_id;
                    DROP TABLE item_evidence;
                    DROP TABLE evidence;
                    ALTER TABLE evidence_v4 RENAME TO evidence;
                    ALTER TABLE item_evidence_v4 RENAME TO item_evidence;
                    """)
        }
        // Findings and their corrective actions. Every field is a column, so the register can
        // be read with any SQLite tool; planned actions and verifications have their own tables.
        migrator.registerMigration(identifiers[4]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE finding (
                        id TEXT PRIMARY KEY NOT NULL,
                        prefix TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        grade TEXT NOT NULL,
                        class TEXT NOT NULL
                            CHECK (class IN ('major','minor','observation','ofi','strength')),
                        item_id TEXT,
                        clause TEXT NOT NULL,
                        requirement TEXT NOT NULL,
                        evidence TEXT NOT NULL,
                        evidence_ids TEXT NOT NULL,
                        statement TEXT NOT NULL,
                        origin TEXT NOT NULL CHECK (origin IN ('answer','manual')),
                        raised_at TEXT NOT NULL,
                        raised_by TEXT NOT NULL,
                        withdrawn_at TEXT,
                        withdrawn_by TEXT,
                        withdrawn_reason TEXT,
                        UNIQUE (prefix, number)
                    );
                    CREATE INDEX finding_item ON finding(item_id);
                    CREATE TABLE corrective_action (
                        finding_id TEXT PRIMARY KEY NOT NULL REFERENCES finding(id),
                        state TEXT NOT NULL CHECK (state IN ('open','contained','cause-found',
                            'planned','implemented','verified','closed','cancelled')),
                        owner TEXT NOT NULL,
                        due TEXT NOT NULL,
                        correction TEXT NOT NULL,
                        correction_date TEXT,
                        extent TEXT NOT NULL,
                        cause_method TEXT,
                        cause TEXT NOT NULL,
                        closed_at TEXT NOT NULL,
                        closed_by TEXT NOT NULL,
                        closure TEXT NOT NULL
                    );
                    CREATE TABLE action_step (
                        finding_id TEXT NOT NULL REFERENCES corrective_action(finding_id),
                        number INTEGER NOT NULL,
                        what TEXT NOT NULL,
                        owner TEXT NOT NULL,
                        due TEXT,
                        done TEXT,
                        evidence TEXT NOT NULL,
                        PRIMARY KEY (finding_id, number)
                    );
                    CREATE TABLE action_verification (
                        finding_id TEXT NOT NULL REFERENCES corrective_action(finding_id),
                        seq INTEGER NOT NULL,
                        method TEXT NOT NULL,
                        result TEXT NOT NULL CHECK (result IN ('effective','partly','not')),
                        verifier TEXT NOT NULL,
                        date TEXT NOT NULL,
                        note TEXT NOT NULL,
                        PRIMARY KEY (finding_id, seq)
                    );
                    """)
        }
        // What shaped a source's records besides the source itself (importer version, rules,
        // checklist clauses): while it stays the same, a re-scan takes an unchanged file's
        // record as it is instead of describing the file again.
        migrator.registerMigration(identifiers[5]) { db in
            try db.execute(
                sql: "ALTER TABLE evidence_source ADD COLUMN derivation TEXT NOT NULL DEFAULT ''")
        }
        // Where a source really is (a folder's real path), so the same folder named another way
        // (from another working folder) is recognised as the source it is; empty when not known.
        migrator.registerMigration(identifiers[6]) { db in
            try db.execute(
                sql: "ALTER TABLE evidence_source ADD COLUMN place TEXT NOT NULL DEFAULT ''")
        }
        // A register's description and every other column it holds; and the folder a source's
        // relative locations are resolved against, so files are found from any working folder.
        // A document folder's records held the folder as typed at the first import in their
        // locations: they become relative to its real path, recorded as the source's root.
        migrator.registerMigration(identifiers[7]) { db in
            try db.execute(
                sql: """
                    ALTER TABLE evidence ADD COLUMN description TEXT NOT NULL DEFAULT '';
                    ALTER TABLE evidence ADD COLUMN attributes TEXT NOT NULL DEFAULT '';
                    ALTER TABLE evidence_source ADD COLUMN root TEXT NOT NULL DEFAULT '';
                    """)
            try FolderRoots.migrate(db)
        }
        // Judgements a certification body would accept: two more verdicts (a condition that has
        // not arisen; a nonconformity not graded yet) and the ungraded finding class, which the
        // tables' CHECKs must admit (SQLite changes a CHECK only by copying the table); a
        // corrective action's plan acceptance, 10.2.1 e) and f), and where the nonconformity
        // was found; the audit plan, the organisation's profile and the report's own facts.
        migrator.registerMigration(identifiers[8]) { db in
            try db.execute(
                sql: """
                    CREATE TABLE response_v9 (
                        item_id TEXT PRIMARY KEY NOT NULL,
                        verdict TEXT NOT NULL
                            CHECK (verdict IN ('conforming','observation','ofi','minor','major','na',
                                'not-arisen','nonconforming')),
                        note TEXT NOT NULL DEFAULT '',
                        justification TEXT NOT NULL DEFAULT '',
                        sample TEXT NOT NULL DEFAULT '',
                        answered_at TEXT NOT NULL,
                        answered_by TEXT NOT NULL
                    );
                    INSERT INTO response_v9 SELECT item_id, verdict, note, justification, sample,
                        answered_at, answered_by FROM response;
                    DROP TABLE response;
                    ALTER TABLE response_v9 RENAME TO response;
                    CREATE TABLE finding_v9 (
                        id TEXT PRIMARY KEY NOT NULL,
                        prefix TEXT NOT NULL,
                        number INTEGER NOT NULL,
                        grade TEXT NOT NULL,
                        class TEXT NOT NULL
                            CHECK (class IN ('major','minor','observation','ofi','strength',
                                'ungraded')),
                        item_id TEXT,
                        clause TEXT NOT NULL,
                        requirement TEXT NOT NULL,
                        evidence TEXT NOT NULL,
                        evidence_ids TEXT NOT NULL,
                        statement TEXT NOT NULL,
                        origin TEXT NOT NULL CHECK (origin IN ('answer','manual')),
                        raised_at TEXT NOT NULL,
                        raised_by TEXT NOT NULL,
                        withdrawn_at TEXT,
                        withdrawn_by TEXT,
                        withdrawn_reason TEXT,
                        UNIQUE (prefix, number)
                    );
                    INSERT INTO finding_v9 SELECT id, prefix, number, grade, class, item_id, clause,
                        requirement, evidence, evidence_ids, statement, origin, raised_at,
                        raised_by, withdrawn_at, withdrawn_by, withdrawn_reason FROM finding;
                    DROP TABLE finding;
                    ALTER TABLE finding_v9 RENAME TO finding;
                    CREATE INDEX finding_item ON finding(item_id);
                    ALTER TABLE corrective_action ADD COLUMN plan_accepted_by TEXT;
                    ALTER TABLE corrective_action ADD COLUMN plan_accepted_on TEXT;
                    ALTER TABLE corrective_action ADD COLUMN plan_acceptance_note TEXT;
                    ALTER TABLE corrective_action ADD COLUMN risks_updated INTEGER;
                    ALTER TABLE corrective_action ADD COLUMN risks_note TEXT NOT NULL DEFAULT '';
                    ALTER TABLE corrective_action ADD COLUMN qms_changed INTEGER;
                    ALTER TABLE corrective_action ADD COLUMN qms_note TEXT NOT NULL DEFAULT '';
                    ALTER TABLE corrective_action ADD COLUMN source TEXT NOT NULL
                        DEFAULT 'internal-audit';
                    CREATE TABLE audit_record (
                        name TEXT PRIMARY KEY NOT NULL CHECK (name IN ('plan','profile','report')),
                        json TEXT NOT NULL
                    );
                    """)
        }
        // The certification body's own number for a finding it raised, and the programme an
        // audit was made from (a record of its own).
        migrator.registerMigration(identifiers[9]) { db in
            try db.execute(
                sql: """
                    ALTER TABLE finding ADD COLUMN reference TEXT NOT NULL DEFAULT '';
                    CREATE TABLE audit_record_v10 (
                        name TEXT PRIMARY KEY NOT NULL
                            CHECK (name IN ('plan','profile','report','programme')),
                        json TEXT NOT NULL
                    );
                    INSERT INTO audit_record_v10 SELECT name, json FROM audit_record;
                    DROP TABLE audit_record;
                    ALTER TABLE audit_record_v10 RENAME TO audit_record;
                    """)
        }
        // How an importer found each clause it inferred, and the auditor's decision on a
        // record's clauses (NULL for none), which imports leave alone.
        migrator.registerMigration(identifiers[10]) { db in
            try db.execute(
                sql: """
                    ALTER TABLE evidence ADD COLUMN clause_basis TEXT NOT NULL DEFAULT '';
                    ALTER TABLE evidence ADD COLUMN review TEXT;
                    """)
        }
        return migrator
    }
}
