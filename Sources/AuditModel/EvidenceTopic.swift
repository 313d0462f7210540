/// Whether a piece of evidence is about what a checklist item expects: one of the item's
/// evidence tags (`management-review-minutes`) given to the record, or named by its title,
/// number, description, location or tags.
///
/// The texts looked at are the title, number, description, location, tags and the source's
/// other columns (a register's "Type: Work instruction").
///
/// A tag names its topic in words; the text matches when it holds every word that says what
/// the tag is about. Words that only say what form the evidence takes (records, minutes,
/// report, register, log, list) may be missing — "Management review 2026-Q1" is about
/// `management-review-minutes` — but a topic word may not: a calibration certificate is not
/// `calibration-basis`. Words are compared without case, in the singular, with a few
/// abbreviations spelled out (`qms`, `ncr`, `capa`, `kpi`).
public struct EvidenceTopic: Sendable {
    /// The tags' topic words, each tag a set of words that must all be present.
    private let topics: [(tag: String, words: Set<String>)]

    /// The topics of an item's evidence tags.
    public init(tags: [String]) {
        topics = tags.map { tag in
            (tag, Set(Self.words(tag).filter { !Self.formWords.contains($0) }))
        }
    }

    /// The tag at `position`.
    func tag(at position: Int) -> String { topics[position].tag }

    /// Whether there is no tag to match (the item names none).
    public var isEmpty: Bool { topics.isEmpty }

    /// The tag `record` matches, if any: given to it, or named in its texts.
    public func match(_ record: EvidenceDraft) -> String? {
        match(record, words: Self.words(of: record))
    }

    /// The tag `record` matches, with the words of its texts already taken
    /// (`words(of:)`), for a caller that matches one record against many topics.
    public func match(_ record: EvidenceDraft, words text: Set<String>) -> String? {
        for topic in topics where record.tags.contains(where: { $0.lowercased() == topic.tag }) {
            return topic.tag
        }
        for topic in topics where !topic.words.isEmpty && topic.words.isSubset(of: text) {
            return topic.tag
        }
        return nil
    }

    /// The tags `record` is given and the tags its texts name, among the tags at `positions`
    /// (ascending) of this topic's: one record matched once against the tags of every item it
    /// may count for, what `match` finds for an item being the first of the item's tags among
    /// them.
    func positions(_ record: EvidenceDraft, words text: Set<String>, among positions: [Int])
        -> TopicPositions
    {
        var found = TopicPositions()
        for position in positions {
            let topic = topics[position]
            if record.tags.contains(where: { $0.lowercased() == topic.tag }) {
                found.given.append(position)
            }
            if !topic.words.isEmpty && topic.words.isSubset(of: text) {
                found.named.append(position)
            }
        }
        return found
    }

    /// The words of the texts a record is matched on.
    public static func words(of record: EvidenceDraft) -> Set<String> {
        words(
            ([record.title, record.documentNumber, record.description, record.location]
                + record.tags + record.attributes.map(\.value)).joined(separator: " "))
    }

    /// Words that say what form evidence takes, not what it is about.
    static let formWords: Set<String> = [
        "record", "report", "minute", "register", "log", "list", "document", "file",
    ]

    /// Abbreviations and the words they stand for.
    static let spelledOut: [String: [String]] = [
        "qms": ["quality", "management", "system"], "ncr": ["nonconformity"],
        "capa": ["corrective", "action"], "kpi": ["indicator"], "wi": ["work", "instruction"],
        "sop": ["procedure"],
    ]

    /// The words of `text`: lower case, split at anything not a letter or digit, plurals made
    /// singular, abbreviations spelled out.
    static func words(_ text: String) -> Set<String> {
        var words: Set<String> = []
        var current = ""
        func flush() {
            defer { current = "" }
            guard !current.isEmpty else { return }
            if let spelled = spelledOut[current] {
                words.formUnion(spelled)
                return
            }
            var word = current
            if word.count > 3 && word.hasSuffix("s") && !word.hasSuffix("ss") {
                word.removeLast()
                if word.hasSuffix("ie") { word = String(word.dropLast(2)) + "y" }
            }
            words.insert(word)
        }
        for character in text.lowercased() {
            // Most texts are ASCII; Unicode's letter and number tables only for the rest.
            let inWord =
                character.asciiValue.map {
                    (0x61...0x7A).contains($0) || (0x30...0x39).contains($0)
                }
                ?? (character.isLetter || character.isNumber)
            if inWord {
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return words
    }
}

/// Where a record matched the tags of an `EvidenceTopic`: positions of the tags it is given,
/// and of the tags its texts name, ascending.
struct TopicPositions: Hashable, Sendable {
    var given: [Int] = []
    var named: [Int] = []

    var isEmpty: Bool { given.isEmpty && named.isEmpty }

    /// The first of `item`'s tag positions, in the item's order, the record is given; else the
    /// first its texts name — as `EvidenceTopic.match` decides for the item's own topic.
    func first(of item: [Int]) -> Int? {
        item.first(where: given.contains) ?? item.first(where: named.contains)
    }
}
