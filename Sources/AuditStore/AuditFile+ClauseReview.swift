public import AuditModel
import GRDB

extension AuditFile {
    /// An auditor's decision on one record's clauses (a row of an edited `evidence map`).
    public struct ClauseDecision: Hashable, Sendable {
        /// What the row decides.
        public enum Kind: String, Hashable, Sendable {
            /// The clauses given stand if they differ from the record's.
            case keep
            /// The clauses given are right, now and after later imports.
            case accept
            /// The record is evidence for no clause.
            case reject
            /// The record's clauses are what its imports give again.
            case reset
        }

        /// The evidence number.
        public var number: Int
        /// The clauses the row gives.
        public var clauses: [ClauseNumber]
        /// The decision.
        public var kind: Kind
        /// Where the row is, for messages (`map.csv:4:1`).
        public var place: String

        /// Creates a decision.
        public init(number: Int, clauses: [ClauseNumber], kind: Kind, place: String) {
            self.number = number
            self.clauses = clauses
            self.kind = kind
            self.place = place
        }
    }

    /// What `decideClauses` changed: the evidence ids by decision taken.
    public struct ClauseDecisionOutcome: Hashable, Sendable {
        /// Records whose clauses were accepted as given.
        public var accepted: [String] = []
        /// Records set to no clause.
        public var rejected: [String] = []
        /// Records given other clauses.
        public var set: [String] = []
        /// Records back to their imports' clauses.
        public var reset: [String] = []
        /// Rows that changed nothing.
        public var unchanged = 0
    }

    /// Applies `decisions` in one transaction, with one journal event per record changed; a
    /// review stays while the record's source is imported again.
    ///
    /// - Throws: `AuditStoreError.answersRefused` naming each row whose record does not exist
    ///   (nothing is changed), `.database`.
    public func decideClauses(_ decisions: [ClauseDecision], context: ChangeContext) throws
        -> ClauseDecisionOutcome
    {
        try access { queue in
            try queue.write { db in
                var journal = try JournalWriter(db)
                var outcome = ClauseDecisionOutcome()
                var missing: [String] = []
                for decision in decisions {
                    let id = Evidence.id(number: decision.number)
                    guard
                        let row = try Row.fetchOne(
                            db, sql: "SELECT clauses, review FROM evidence WHERE number = ?",
                            arguments: [decision.number])
                    else {
                        missing.append("\(decision.place): there is no evidence '\(id)'")
                        continue
                    }
                    let imported = (JSONValue.decodeStrings(row[0] as String) ?? []).compactMap(
                        ClauseNumber.init)
                    let old = (row[1] as String?).map(ClauseReview.init(json:))
                    let current = old?.clauses ?? imported
                    var new: ClauseReview?
                    switch decision.kind {
                    case .reset:
                        guard old != nil else {
                            outcome.unchanged += 1
                            continue
                        }
                        new = nil
                    case .reject:
                        new = ClauseReview(
                            clauses: [], decision: .rejected, actor: context.actor,
                            time: context.time)
                    case .accept:
                        new = ClauseReview(
                            clauses: decision.clauses, decision: .accepted, actor: context.actor,
                            time: context.time)
                    case .keep:
                        guard decision.clauses != current else {
                            outcome.unchanged += 1
                            continue
                        }
                        new = ClauseReview(
                            clauses: decision.clauses, decision: .set, actor: context.actor,
                            time: context.time)
                    }
                    if let old, let new, old.clauses == new.clauses, old.decision == new.decision {
                        outcome.unchanged += 1
                        continue
                    }
                    try db.execute(
                        sql: "UPDATE evidence SET review = ? WHERE number = ?",
                        arguments: [new?.json, decision.number])
                    func state(_ review: ClauseReview?) -> String {
                        JSONValue.object([
                            (
                                "clauses",
                                .strings((review?.clauses ?? imported).map(\.description))
                            ),
                            ("review", .string(review?.decision.rawValue ?? "")),
                        ]).compact()
                    }
                    try journal.append(
                        entity: "evidence:\(id)", action: "review-clauses", before: state(old),
                        after: state(new), context: context)
                    switch decision.kind {
                    case .reset: outcome.reset.append(id)
                    case .reject: outcome.rejected.append(id)
                    case .accept: outcome.accepted.append(id)
                    case .keep: outcome.set.append(id)
                    }
                }
                if !missing.isEmpty { throw AuditStoreError.answersRefused(missing) }
                return outcome
            }
        }
    }
}
