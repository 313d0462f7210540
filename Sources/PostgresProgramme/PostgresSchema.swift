/// The programme's tables on PostgreSQL: the programme file's, column for column.
///
/// Names that SQLite compares without case (auditors, audit ids) use a case-insensitive ICU
/// collation; processes keep the order they were added in through `position`, as the file
/// keeps it through SQLite's row ids.
enum PostgresSchema {
    /// The schema changes in order, by the programme file's migration identifiers.
    static let migrations: [(identifier: String, statements: [String])] = [
        ("2026-12-p1-programme", programme),
        ("2026-12-p2-programme-actions", actions),
    ]

    static let actions = [
        "ALTER TABLE journal_head ADD COLUMN seq BIGINT NOT NULL DEFAULT 0",
        "UPDATE journal_head SET seq = coalesce((SELECT max(seq) FROM journal), 0)",
        // A journal event's hash, by the rule of `JournalEvent.expectedHash`: each field's
        // UTF-8 length, a colon, its bytes; a missing before or after is one NUL byte.
        """
        CREATE FUNCTION qms_field(value BYTEA) RETURNS BYTEA LANGUAGE sql IMMUTABLE
        AS $$ SELECT convert_to(length(value)::text || ':', 'UTF8') || value $$
        """,
        """
        CREATE FUNCTION qms_event_hash(seq BIGINT, at TEXT, actor TEXT, command TEXT,
            entity TEXT, action TEXT, before TEXT, after TEXT, prev TEXT)
        RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
          SELECT encode(sha256(
            qms_field(convert_to(seq::text, 'UTF8')) || qms_field(convert_to(at, 'UTF8'))
            || qms_field(convert_to(actor, 'UTF8')) || qms_field(convert_to(command, 'UTF8'))
            || qms_field(convert_to(entity, 'UTF8')) || qms_field(convert_to(action, 'UTF8'))
            || qms_field(coalesce(convert_to(before, 'UTF8'), '\\x00'::bytea))
            || qms_field(coalesce(convert_to(after, 'UTF8'), '\\x00'::bytea))
            || qms_field(convert_to(prev, 'UTF8'))), 'hex')
        $$
        """,
        // A corrective action moved in one statement, the journal's head held only while the
        // server works: NULL when the record is no longer the one `expected` (nothing
        // written), else the new event's hash. `p_after` is the record written, `p_before`
        // the one read as the journal shows it. Run with the caller's rights.
        """
        CREATE FUNCTION qms_move_action(p_audit TEXT, p_finding TEXT, p_version BIGINT,
            p_expected TEXT, p_before TEXT, p_after TEXT, p_entity TEXT, p_action TEXT,
            p_at TEXT, p_actor TEXT, p_command TEXT)
        RETURNS TEXT LANGUAGE plpgsql AS $$
        DECLARE
          head_seq BIGINT;
          head_sha TEXT;
          stored TEXT;
          stored_version BIGINT;
          hash TEXT;
        BEGIN
          SELECT h.seq, h.sha256 INTO head_seq, head_sha FROM journal_head h WHERE h.id = 1
            FOR UPDATE;
          SELECT coalesce(p.action, f.action), coalesce(p.version, 0)
            INTO stored, stored_version
            FROM attached_finding f LEFT JOIN programme_action p
              ON p.audit_id = f.audit_id AND p.finding_id = f.finding_id
            WHERE f.audit_id = p_audit AND f.finding_id = p_finding;
          IF stored_version IS DISTINCT FROM p_version OR stored IS DISTINCT FROM p_expected
          THEN
            RETURN NULL;
          END IF;
          hash := qms_event_hash(head_seq + 1, p_at, p_actor, p_command, p_entity, p_action,
            p_before, p_after, head_sha);
          INSERT INTO programme_action (audit_id, finding_id, action, version)
            VALUES (p_audit, p_finding, p_after, p_version + 1)
            ON CONFLICT (audit_id, finding_id)
            DO UPDATE SET action = excluded.action, version = excluded.version;
          INSERT INTO journal (seq, at, actor, command, entity, action, before, after,
              prev_sha256, sha256)
            VALUES (head_seq + 1, p_at, p_actor, p_command, p_entity, p_action, p_before,
              p_after, head_sha, hash);
          UPDATE journal_head SET sha256 = hash, seq = head_seq + 1 WHERE id = 1;
          RETURN hash;
        END
        $$
        """,
        """
        CREATE TABLE programme_action (
            audit_id TEXT COLLATE qmsaudit_nocase NOT NULL,
            finding_id TEXT NOT NULL,
            action TEXT NOT NULL,
            version BIGINT NOT NULL,
            PRIMARY KEY (audit_id, finding_id)
        )
        """,
    ]

    static let programme = [
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
    /// Also attaches audits (their answers, findings, actions and evidence, and their status)
    /// and follows the corrective actions that are theirs.
    public static let auditor = "qms_auditor"
    /// Also plans (processes, auditors, planned audits, the certification dates), assigns and
    /// closes corrective actions.
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

    /// The trigger that keeps an auditor to the corrective actions that are theirs: the
    /// record's owner or the owner of one of its actions, by the name `qms_login` gives the
    /// login; they move it on, but only a manager assigns it to someone else or closes it.
    static var actionGuard: String {
        """
        CREATE OR REPLACE FUNCTION qms_action_guard() RETURNS trigger
        LANGUAGE plpgsql SET search_path = public AS $$
        DECLARE
          person TEXT;
          held JSONB;
          changed JSONB := NEW.action::jsonb;
        BEGIN
          IF pg_has_role(current_user, '\(manager)', 'MEMBER') THEN
            RETURN NEW;
          END IF;
          SELECT l.auditor INTO person FROM qms_login l WHERE l.login = current_user;
          IF TG_OP = 'UPDATE' THEN
            held := OLD.action::jsonb;
          ELSE
            SELECT coalesce(p.action, f.action)::jsonb INTO held FROM attached_finding f
              LEFT JOIN programme_action p
                ON p.audit_id = f.audit_id AND p.finding_id = f.finding_id
              WHERE f.audit_id = NEW.audit_id AND f.finding_id = NEW.finding_id;
          END IF;
          IF person IS NULL OR held IS NULL OR NOT (
              lower(held ->> 'owner') = lower(person) OR EXISTS (
                SELECT FROM jsonb_array_elements(held -> 'steps') step
                WHERE lower(step ->> 'owner') = lower(person))) THEN
            RAISE EXCEPTION 'qmsaudit: your role follows only the corrective actions you own or hold an action of, and the corrective action of % in % is not yours (its owner is %; the database''s owner says which person each login is, in qms_login)',
              NEW.finding_id, NEW.audit_id, coalesce(nullif(held ->> 'owner', ''), 'nobody yet')
              USING ERRCODE = '42501';
          END IF;
          IF (changed ->> 'owner') IS DISTINCT FROM (held ->> 'owner') THEN
            RAISE EXCEPTION 'qmsaudit: only a manager (\(manager)) assigns a corrective action to someone else'
              USING ERRCODE = '42501';
          END IF;
          IF (changed ->> 'state') IN ('closed', 'cancelled') THEN
            RAISE EXCEPTION 'qmsaudit: only a manager (\(manager)) closes a corrective action'
              USING ERRCODE = '42501';
          END IF;
          RETURN NEW;
        END
        $$;
        DROP TRIGGER IF EXISTS qms_action_guard ON programme_action;
        CREATE TRIGGER qms_action_guard BEFORE INSERT OR UPDATE ON programme_action
          FOR EACH ROW EXECUTE FUNCTION qms_action_guard();
        """
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
            -- Auditors follow the corrective actions they own or hold an action of (the
            -- trigger below); managers also assign, close and replace them.
            GRANT INSERT, UPDATE ON programme_action TO \(auditor);
            GRANT DELETE ON programme_action TO \(manager);
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
            \(actionGuard)
            """
    }
}
