public import AuditModel

/// Finds the clauses a record is about when its source does not say: from clause numbers in
/// its names first, then from the checklist's vocabulary (`ClauseVocabulary`), each clause
/// with how it was found.
///
/// Built once per import, with the `ClauseChecker` the import already has.
public struct ClauseInference: Sendable {
    /// One text to look in, and what it is (`name`, `folder "Quality/Audits"`, `document
    /// title`), for the reason.
    public struct Clue: Sendable {
        /// The text.
        public var text: String
        /// What it is.
        public var what: String

        /// Creates a clue.
        public init(_ text: String, what: String) {
            self.text = text
            self.what = what
        }
    }

    private let checker: ClauseChecker

    /// Creates the inference for `checker`'s checklist.
    public init(_ checker: ClauseChecker) {
        self.checker = checker
    }

    /// The clauses `numbered` (clue texts where numbers count) and `worded` (texts where
    /// names count) give, and how: the first clue with a clause number of the checklist (a
    /// number with a dot: `QP-7.5-01`, `7.5 Documented information`), else the first whose
    /// words name clauses.
    public func infer(numbered: [Clue], worded: [Clue]) -> (
        clauses: [ClauseNumber], basis: ClauseBasis
    ) {
        for clue in numbered {
            if let found = number(in: clue) { return found }
        }
        for clue in worded {
            if let found = words(in: clue) { return found }
        }
        return ([], ClauseBasis())
    }

    /// The checklist's clauses numbered in `clue` (with a dot: `QP-7.5-01`), or `nil`.
    public func number(in clue: Clue) -> (clauses: [ClauseNumber], basis: ClauseBasis)? {
        guard !clue.text.isEmpty else { return nil }
        let found = checker.known(
            ClauseReference.parse(clue.text).map(\.clause).filter { $0.depth > 1 })
        var clauses: [ClauseNumber] = []
        for clause in found where !clauses.contains(clause) { clauses.append(clause) }
        guard !clauses.isEmpty else { return nil }
        return (
            clauses,
            ClauseBasis(clauses.map { .init(clause: $0, reason: "\(clue.what): number \($0)") })
        )
    }

    /// The clauses the words of `clue` name, by the checklist's vocabulary, or `nil`.
    public func words(in clue: Clue) -> (clauses: [ClauseNumber], basis: ClauseBasis)? {
        guard !clue.text.isEmpty else { return nil }
        let matches = checker.vocabulary.matches(in: clue.text)
        guard !matches.isEmpty else { return nil }
        return (
            matches.map(\.clause),
            ClauseBasis(
                matches.map { .init(clause: $0.clause, reason: "\(clue.what): \($0.reason)") })
        )
    }
}
