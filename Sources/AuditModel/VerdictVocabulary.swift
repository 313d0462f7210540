/// The words an auditor — or a filled-in checklist spreadsheet — uses for a verdict, understood
/// the same way by `answer --verdict`, answer sheets, imported checklists and the guided run.
///
/// Words are compared without case, so Caps Lock never turns a minor into a major: `m` and `M`
/// are both minor, and no single letter means major. A word that says "nonconforming" without
/// saying minor or major (`NC`, `Partial`, `Gap`, `No`) gives `nonconforming`: a draft finding
/// is opened that must be graded. `N` alone is refused: it means "no" in one sheet and "n/a" in
/// another. A checklist may add words of its own (`policy.vocabulary`), which take precedence.
public struct VerdictVocabulary: Hashable, Sendable {
    /// Lower-cased word → verdict.
    public private(set) var words: [String: Verdict]

    /// The words every checklist understands.
    public static let standard = VerdictVocabulary(lists: [
        .conforming: [
            "conforming", "c", "ok", "yes", "y", "pass", "compliant", "conform", "conforms",
            "conformity", "met",
        ],
        .observation: ["observation", "o", "obs"],
        .ofi: ["ofi", "i", "opportunity for improvement", "improvement"],
        .minor: [
            "minor", "m", "minor nc", "nc minor", "ncmin", "minor nonconformity",
            "minor non-conformity",
        ],
        .major: [
            "major", "major nc", "nc major", "ncmaj", "major nonconformity",
            "major non-conformity",
        ],
        .na: ["na", "n/a", "not applicable"],
        .notArisen: ["not-arisen", "not arisen", "condition not arisen", "not occurred"],
        .nonconforming: [
            "nonconforming", "non-conforming", "nc", "nonconformity", "non-conformity",
            "partial", "partially", "partly", "gap", "no", "fail", "non-compliant",
            "not met",
        ],
    ])

    /// A vocabulary of the given words per verdict.
    public init(lists: [Verdict: [String]]) {
        var words: [String: Verdict] = [:]
        for (verdict, list) in lists {
            for word in list { words[Self.key(word)] = verdict }
        }
        self.words = words
    }

    /// The standard vocabulary with `extra` words, which win where they clash.
    public func adding(_ extra: [String: Verdict]) -> VerdictVocabulary {
        var copy = self
        for (word, verdict) in extra { copy.words[Self.key(word)] = verdict }
        return copy
    }

    /// The verdict `text` names, or `nil`.
    public func verdict(_ text: String) -> Verdict? {
        words[Self.key(text)]
    }

    /// The words for each verdict, in `Verdict.allCases` order, for help and messages.
    public var listing: [(verdict: Verdict, words: [String])] {
        Verdict.allCases.map { verdict in
            (
                verdict,
                words.filter { $0.value == verdict }.map(\.key).sorted {
                    ($0 != verdict.rawValue ? 1 : 0, $0.count, $0) < (
                        $1 != verdict.rawValue ? 1 : 0, $1.count, $1
                    )
                }
            )
        }
    }

    /// Words refused because they mean different verdicts in different sheets, with why.
    public static let ambiguous: [String: String] = [
        "n": "'n' means no in some sheets and n/a in others: write 'nc' (or 'no') or 'na'"
    ]

    /// `unknown verdict 'X'; use …` with every verdict and a few of its words.
    public func unknown(_ text: String) -> String {
        if let reason = Self.ambiguous[Self.key(text)] { return "ambiguous verdict: " + reason }
        return "unknown verdict '\(text)'; use "
            + listing.map { entry in
                let others = entry.words.filter { $0 != entry.verdict.rawValue }.prefix(3)
                return entry.verdict.rawValue
                    + (others.isEmpty ? "" : " (" + others.joined(separator: ", ") + ")")
            }.joined(separator: "; ")
    }

    private static func key(_ word: String) -> String {
        word.trimmingWhitespace().lowercased().split(separator: " ").joined(separator: " ")
    }
}
