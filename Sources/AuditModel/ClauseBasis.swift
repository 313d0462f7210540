/// How an importer found each clause of a record it did not read from a clause column: a
/// number in the name, a title matching a clause's name, a tag, a rule.
///
/// Clauses a source states (a register's Clause column, a plugin's `clauses`) have none: the
/// source is their basis.
public struct ClauseBasis: Hashable, Sendable {
    /// One clause and how it was found.
    public struct Entry: Hashable, Sendable {
        /// The clause.
        public var clause: ClauseNumber
        /// How it was found, in words: `name: title "Internal audit"`, `folder "7.5
        /// Documented information"`, `rule 3 of rules.yaml`.
        public var reason: String

        /// Creates an entry.
        public init(clause: ClauseNumber, reason: String) {
            self.clause = clause
            self.reason = reason
        }
    }

    /// The entries, in the record's clause order.
    public var entries: [Entry]

    /// Creates a basis.
    public init(_ entries: [Entry] = []) {
        self.entries = entries
    }

    /// Whether no clause has a basis.
    public var isEmpty: Bool { entries.isEmpty }

    /// The reason given for `clause`, if any.
    public func reason(for clause: ClauseNumber) -> String? {
        entries.first { $0.clause == clause }?.reason
    }

    /// As the audit file stores it: a compact JSON object of reasons by clause
    /// (`{"9.2":"name: title \"Internal audit\""}`); empty for none.
    public var json: String {
        entries.isEmpty
            ? ""
            : JSONValue.object(entries.map { ($0.clause.description, .string($0.reason)) })
                .compact()
    }

    /// The basis `json` wrote; none for a text that is not such an object.
    public init(json text: String) {
        guard text.hasPrefix("{"), let strings = JSONValue.decodeStrings(text, in: ("{", "}")),
            strings.count % 2 == 0
        else {
            self.init()
            return
        }
        self.init(
            stride(from: 0, to: strings.count, by: 2).compactMap { index in
                ClauseNumber(strings[index]).map { Entry(clause: $0, reason: strings[index + 1]) }
            })
    }
}

/// An auditor's decision on a record's clauses (`evidence map --apply`), which imports of its
/// source leave in place.
public struct ClauseReview: Hashable, Sendable {
    /// What the auditor decided.
    public enum Decision: String, Hashable, Sendable, CaseIterable {
        /// The clauses the import gave are right.
        case accepted
        /// The record is evidence for no clause.
        case rejected
        /// The record is evidence for the clauses the auditor gave.
        case set
    }

    /// The clauses the record counts for while the review stands.
    public var clauses: [ClauseNumber]
    /// The decision.
    public var decision: Decision
    /// Who decided.
    public var actor: String
    /// When (ISO 8601).
    public var time: String

    /// Creates a review.
    public init(clauses: [ClauseNumber], decision: Decision, actor: String, time: String) {
        self.clauses = clauses
        self.decision = decision
        self.actor = actor
        self.time = time
    }

    /// As the audit file stores it: a compact JSON object of strings, the clauses separated
    /// by spaces.
    public var json: String {
        JSONValue.object([
            ("clauses", .string(clauses.map(\.description).joined(separator: " "))),
            ("decision", .string(decision.rawValue)), ("actor", .string(actor)),
            ("time", .string(time)),
        ]).compact()
    }

    /// The review `json` wrote; a rejection with no clauses (the reading that claims nothing)
    /// for a text that is not one.
    public init(json text: String) {
        var fields: [String: String] = [:]
        if let strings = JSONValue.decodeStrings(text, in: ("{", "}")), strings.count % 2 == 0 {
            for index in stride(from: 0, to: strings.count, by: 2) {
                fields[strings[index]] = strings[index + 1]
            }
        }
        self.init(
            clauses: (fields["clauses"] ?? "").split(separator: " ").compactMap {
                ClauseNumber(String($0))
            },
            decision: fields["decision"].flatMap(Decision.init(rawValue:)) ?? .rejected,
            actor: fields["actor"] ?? "", time: fields["time"] ?? "")
    }

    /// In words: `accepted by jo on 2026-12-04`.
    public var summary: String {
        "\(decision.rawValue) by \(actor) on \(time.prefix(10))"
    }
}
