/// The words a checklist's clauses go by — titles, synonyms in each language, the evidence
/// tags of their items — for finding the clause a document is about from its name or title.
///
/// Built once per import. Texts and phrases are compared as their words run together
/// (`Management_Review`, `ManagementReview`, `management-review` and `Managementbewertung`
/// are each one key), without case, accents or ordering numbers (`0560_`), and with ä, ö, ü
/// and ß written as ae, oe, ue and ss.
public struct ClauseVocabulary: Sendable {
    /// Where a phrase comes from.
    public enum Origin: Hashable, Sendable {
        /// The clause's title.
        case title
        /// A synonym in a language (`en`, `de`).
        case synonym(String)
        /// An evidence tag of the clause's items.
        case tag
    }

    /// A phrase found in a text.
    public struct Match: Hashable, Sendable {
        /// The clause the phrase names.
        public var clause: ClauseNumber
        /// The phrase as the checklist writes it.
        public var phrase: String
        /// Where the phrase comes from.
        public var origin: Origin

        /// How the match reads in a reason: `title "Internal audit"`, `synonym "MR minutes"
        /// (en)`, `tag "swot"`.
        public var reason: String {
            switch origin {
            case .title: "title \"\(phrase)\""
            case .synonym(let language): "synonym \"\(phrase)\" (\(language))"
            case .tag: "tag \"\(phrase)\""
            }
        }
    }

    private struct Entry: Sendable {
        var clause: ClauseNumber
        var phrase: String
        var origin: Origin
    }

    /// The entries by key: a phrase's words run together.
    private var entries: [String: [Entry]] = [:]
    /// The most words a phrase has: how far a match is looked for from each word.
    private var longest = 0

    /// Single words too general to name a clause on their own.
    private static let tooGeneral: Set<String> = [
        "general", "allgemeines", "policy", "politik", "planning", "planung", "support",
        "unterstuetzung", "operation", "betrieb", "improvement", "verbesserung", "resources",
        "ressourcen", "people", "personen", "leadership", "fuehrung", "records", "procedure",
        "quality", "qualitaet", "management", "documents", "website", "catalogue",
    ]

    /// The vocabulary of `checklist`.
    public init(_ checklist: Checklist) {
        var tagClauses: [String: Set<ClauseNumber>] = [:]
        for clause in checklist.clauses {
            if let title = clause.title { add(title, clause.number, .title) }
            for (language, phrases) in clause.synonyms.sorted(by: { $0.key < $1.key }) {
                for phrase in phrases { add(phrase, clause.number, .synonym(language)) }
            }
            for item in clause.items {
                for tag in item.evidence.tags { tagClauses[tag, default: []].insert(clause.number) }
            }
        }
        // A tag the items of several clauses expect names none of them.
        for (tag, clauses) in tagClauses.sorted(by: { $0.key < $1.key }) {
            if clauses.count == 1, let clause = clauses.first { add(tag, clause, .tag) }
        }
    }

    private mutating func add(_ phrase: String, _ clause: ClauseNumber, _ origin: Origin) {
        let words = Self.words(phrase)
        guard !words.isEmpty else { return }
        if words.count == 1, Self.tooGeneral.contains(words[0]) || words[0].count < 4 { return }
        let key = words.joined()
        if entries[key]?.contains(where: { $0.clause == clause }) == true { return }
        entries[key, default: []].append(Entry(clause: clause, phrase: phrase, origin: origin))
        longest = max(longest, words.count)
    }

    /// Whether the vocabulary has no phrase.
    public var isEmpty: Bool { entries.isEmpty }

    /// The clauses `text` names.
    ///
    /// The longest phrases found win over the phrases inside them, and a clause wins over the
    /// clauses above it (`Management review inputs` gives 9.3.2, not 9.3). Several clauses are
    /// found when the text names several.
    public func matches(in text: String) -> [Match] {
        let words = Self.words(text)
        guard !words.isEmpty, !entries.isEmpty else { return [] }
        var found: [(match: Match, start: Int, end: Int)] = []
        for start in words.indices {
            var key = ""
            for end in start..<min(words.count, start + longest + 2) {
                key += words[end]
                for entry in lookup(key) {
                    found.append(
                        (
                            Match(clause: entry.clause, phrase: entry.phrase, origin: entry.origin),
                            start, end
                        ))
                }
            }
        }
        // A phrase inside a longer one found around it does not count, nor a tag where a
        // clause's name covers the same words.
        let outer = found.filter { inner in
            !found.contains { other in
                other.start <= inner.start && other.end >= inner.end
                    && (other.end - other.start > inner.end - inner.start
                        || (inner.match.origin == .tag && other.match.origin != .tag))
            }
        }
        var result: [Match] = []
        for entry in outer {
            let clause = entry.match.clause
            let hasDeeper = outer.contains {
                clause.isAncestor(of: $0.match.clause)
            }
            if hasDeeper || result.contains(where: { $0.clause == clause }) { continue }
            result.append(entry.match)
        }
        return result
    }

    /// The entries of `key`, or of its singular (`audits`, `Korrekturmaßnahmen`).
    private func lookup(_ key: String) -> [Entry] {
        if let found = entries[key] { return found }
        for suffix in ["s", "n", "en", "e"] where key.count > suffix.count + 4 {
            if key.hasSuffix(suffix), let found = entries[String(key.dropLast(suffix.count))] {
                return found
            }
        }
        return []
    }

    /// Whether `written` is one of the phrases of `clause` (its title in another language, a
    /// synonym): a title a source writes beside a clause number.
    public func names(_ clause: ClauseNumber, _ written: String) -> Bool {
        let key = Self.words(written).joined()
        return lookup(key).contains { $0.clause == clause }
    }

    /// The words of `text` in the form phrases are compared: lower case, accents dropped,
    /// ä/ö/ü/ß as ae/oe/ue/ss, split at anything but letters and digits and where a capital
    /// follows a small letter; numbers left out.
    public static func words(_ text: String) -> [String] {
        // Most names are ASCII, where bytes are characters: far cheaper than asking each
        // character's Unicode properties.
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiWords(text) }
        var words: [String] = []
        var word = ""
        var hasLetter = false
        var previousWasLower = false
        func finish() {
            if hasLetter { words.append(word) }
            word = ""
            hasLetter = false
        }
        for character in text {
            guard character.isLetter || character.isNumber else {
                finish()
                previousWasLower = false
                continue
            }
            if character.isUppercase && previousWasLower { finish() }
            previousWasLower = character.isLowercase
            if character.isNumber {
                // `ISO9001` and `v2` are words; a number alone is an ordering prefix.
                word.append(character)
                continue
            }
            hasLetter = true
            word += fold(character)
        }
        finish()
        return words
    }

    private static func asciiWords(_ text: String) -> [String] {
        var words: [String] = []
        var word: [UInt8] = []
        var hasLetter = false
        var previousWasLower = false
        func finish() {
            if hasLetter { words.append(String(decoding: word, as: UTF8.self)) }
            word.removeAll(keepingCapacity: true)
            hasLetter = false
        }
        for byte in text.utf8 {
            let isUpper = byte >= 0x41 && byte <= 0x5A
            let isLower = byte >= 0x61 && byte <= 0x7A
            let isDigit = byte >= 0x30 && byte <= 0x39
            guard isUpper || isLower || isDigit else {
                finish()
                previousWasLower = false
                continue
            }
            if isUpper && previousWasLower { finish() }
            previousWasLower = isLower
            if !isDigit { hasLetter = true }
            word.append(isUpper ? byte | 0x20 : byte)
        }
        finish()
        return words
    }

    private static func fold(_ character: Character) -> String {
        let lower = character.lowercased()
        if lower.utf8.count == 1 { return lower }
        switch lower {
        case "ä": return "ae"
        case "ö": return "oe"
        case "ü": return "ue"
        case "ß": return "ss"
        case "à", "á", "â", "ã", "å": return "a"
        case "ç": return "c"
        case "è", "é", "ê", "ë": return "e"
        case "ì", "í", "î", "ï": return "i"
        case "ñ": return "n"
        case "ò", "ó", "ô", "õ", "ø": return "o"
        case "ù", "ú", "û": return "u"
        case "æ": return "ae"
        case "œ": return "oe"
        default: return lower
        }
    }
}
