/// The programme's tables on PostgreSQL: the programme file's, column for column.
///
/// Names that SQLite compares without case (auditors, audit ids) use a case-insensitive ICU
/// collation; processes keep the order they were added in through `position`, as the file
/// keeps it through SQLite's row ids.
enum PostgresSchema {
    static let statements = [
        """
        CREATE COLLATION IF NOT EXISTS qmsaudit_nocase
            (provider = icu, locale = 'und-u-ks-level2', deterministic = false)
        """,
        """
        CREATE TABLE qmsaudit_migrations (
            identifier TEXT PRIMARY KEY,
            applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """,
        """
        CREATE TABLE programme (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            uuid TEXT NOT NULL,
            organisation TEXT NOT NULL,
            scope TEXT NOT NULL,
            created_at TEXT NOT NULL,
            tool_version TEXT NOT NULL
        )
        """,
        "CREATE TABLE checklist (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)",
        "CREATE TABLE journal_head (id INTEGER PRIMARY KEY CHECK (id = 1), sha256 TEXT NOT NULL)",
        """
        CREATE TABLE journal (
            seq BIGINT PRIMARY KEY,
            at TEXT NOT NULL,
            actor TEXT NOT NULL,
            command TEXT NOT NULL,
            entity TEXT NOT NULL,
            action TEXT NOT NULL,
            before TEXT,
            after TEXT,
            prev_sha256 TEXT NOT NULL,
            sha256 TEXT NOT NULL
        )
        """,
        "CREATE INDEX journal_entity ON journal(entity)",
        """
        CREATE TABLE process (
            position BIGSERIAL NOT NULL,
            id TEXT PRIMARY KEY,
            json TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE auditor (
            name TEXT COLLATE qmsaudit_nocase PRIMARY KEY,
            json TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE planned_audit (
            id TEXT COLLATE qmsaudit_nocase PRIMARY KEY,
            json TEXT NOT NULL
        )
        """,
        "CREATE TABLE certification (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)",
        """
        CREATE TABLE attached_audit (
            audit_id TEXT COLLATE qmsaudit_nocase PRIMARY KEY,
            uuid TEXT NOT NULL,
            path TEXT NOT NULL,
            info TEXT NOT NULL,
            events BIGINT NOT NULL,
            head TEXT NOT NULL,
            date TEXT,
            evidence BIGINT NOT NULL,
            attached_at TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE attached_event (
            audit_id TEXT COLLATE qmsaudit_nocase NOT NULL,
            seq BIGINT NOT NULL,
            sha256 TEXT NOT NULL,
            entity TEXT NOT NULL,
            action TEXT NOT NULL,
            at TEXT NOT NULL,
            PRIMARY KEY (audit_id, seq)
        )
        """,
        """
        CREATE TABLE attached_answer (
            audit_id TEXT COLLATE qmsaudit_nocase NOT NULL,
            item_id TEXT NOT NULL,
            clause TEXT NOT NULL,
            verdict TEXT NOT NULL,
            PRIMARY KEY (audit_id, item_id)
        )
        """,
        """
        CREATE TABLE attached_evidence (
            audit_id TEXT COLLATE qmsaudit_nocase NOT NULL,
            evidence_id TEXT NOT NULL,
            number TEXT NOT NULL,
            title TEXT NOT NULL,
            revision TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            clauses TEXT NOT NULL,
            PRIMARY KEY (audit_id, evidence_id)
        )
        """,
        """
        CREATE TABLE attached_finding (
            audit_id TEXT COLLATE qmsaudit_nocase NOT NULL,
            finding_id TEXT NOT NULL,
            finding TEXT NOT NULL,
            action TEXT,
            PRIMARY KEY (audit_id, finding_id)
        )
        """,
    ]
}

/// The database roles of a shared programme, enforced by the server's grants: what the DBA
/// runs once in the programme's database, after `programme init` made its tables.
public enum PostgresRoles {
    /// Views only.
    public static let reader = "qms_reader"
    /// Also attaches audits: their answers, findings, actions and evidence, and their status.
    public static let auditor = "qms_auditor"
    /// Also plans: processes, auditors, planned audits, the certification dates.
    public static let manager = "qms_manager"

    /// Row-level security on the tables an attach writes: everyone reads every row; an
    /// auditor writes only the rows of an audit they may attach (`qms_may_attach`); a manager
    /// plans any audit.
    static var policies: String {
        var lines: [String] = []
        for (table, key) in attachedTables.map({ ($0, "audit_id") }) + [("planned_audit", "id")] {
            let may = "qms_may_attach(\(key), current_user)"
            lines += [
                "ALTER TABLE \(table) ENABLE ROW LEVEL SECURITY;",
                "DROP POLICY IF EXISTS qms_read ON \(table);",
                "CREATE POLICY qms_read ON \(table) FOR SELECT USING (true);",
                "DROP POLICY IF EXISTS qms_attach_insert ON \(table);",
                "CREATE POLICY qms_attach_insert ON \(table) FOR INSERT TO \(auditor)"
                    + " WITH CHECK (\(may));",
                "DROP POLICY IF EXISTS qms_attach_update ON \(table);",
                "CREATE POLICY qms_attach_update ON \(table) FOR UPDATE TO \(auditor)"
                    + " USING (\(may)) WITH CHECK (\(may));",
                "DROP POLICY IF EXISTS qms_attach_delete ON \(table);",
                "CREATE POLICY qms_attach_delete ON \(table) FOR DELETE TO \(auditor)"
                    + " USING (\(may));",
            ]
        }
        lines += [
            "DROP POLICY IF EXISTS qms_plan ON planned_audit;",
            "CREATE POLICY qms_plan ON planned_audit FOR ALL TO \(manager)"
                + " USING (true) WITH CHECK (true);",
        ]
        return lines.joined(separator: "\n")
    }

    /// The tables an attach rewrites.
    static let attachedTables = [
        "attached_audit", "attached_event", "attached_answer", "attached_evidence",
        "attached_finding",
    ]

    /// The SQL that creates the three roles (where they do not exist yet) and grants each
    /// what it may do; run it as the database's owner.
    ///
    /// Every change also appends to the
    /// journal, so each writing role may add journal events and move its head, and nothing
    /// more of them: the journal's rows cannot be changed or deleted by any of them.
    public static var sql: String {
        let attached = attachedTables.joined(separator: ", ")
        return """
            -- Roles for a qmsaudit programme database: run as its owner, once, after
            -- 'qmsaudit programme init --out postgresql://…' created the tables.
            -- Then give people a role:  GRANT qms_auditor TO alice;
            DO $$
            BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(reader)') THEN
                CREATE ROLE \(reader) NOLOGIN;
              END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(auditor)') THEN
                CREATE ROLE \(auditor) NOLOGIN;
              END IF;
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '\(manager)') THEN
                CREATE ROLE \(manager) NOLOGIN;
              END IF;
              EXECUTE format('GRANT CONNECT ON DATABASE %I TO \(reader)', current_database());
            END
            $$;
            GRANT \(reader) TO \(auditor);
            GRANT \(auditor) TO \(manager);
            REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
            GRANT USAGE ON SCHEMA public TO \(reader);
            -- Readers: every view.
            GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(reader);
            -- Auditors: attach audit files (the attached rows, the audit's status) and
            -- journal what they did.
            GRANT INSERT, DELETE ON \(attached) TO \(auditor);
            GRANT UPDATE (json) ON planned_audit TO \(auditor);
            GRANT INSERT ON journal TO \(auditor);
            GRANT UPDATE ON journal_head TO \(auditor);
            -- Managers: plan, assign and record the certification dates.
            GRANT INSERT, UPDATE ON process, auditor, planned_audit, certification TO \(manager);
            GRANT USAGE ON SEQUENCE process_position_seq TO \(manager);
            -- An auditor attaches only the audits they lead or are on the team of. Say which
            -- auditor each login is, by the name the programme gives them:
            --   INSERT INTO qms_login VALUES ('alice', 'A. Smith');
            CREATE TABLE IF NOT EXISTS qms_login (
                login NAME PRIMARY KEY,
                auditor TEXT NOT NULL
            );
            GRANT SELECT ON qms_login TO \(reader);
            CREATE OR REPLACE FUNCTION qms_may_attach(audit TEXT, login NAME) RETURNS BOOLEAN
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
              SELECT pg_has_role(login, '\(manager)', 'MEMBER') OR EXISTS (
                SELECT FROM planned_audit p JOIN qms_login l ON l.login = qms_may_attach.login
                WHERE lower(p.id) = lower(audit)
                  AND (lower(p.json::jsonb ->> 'lead') = lower(l.auditor)
                    OR EXISTS (
                      SELECT FROM jsonb_array_elements_text(p.json::jsonb -> 'team') member
                      WHERE lower(member) = lower(l.auditor))))
            $$;
            \(policies)
            """
    }
}
