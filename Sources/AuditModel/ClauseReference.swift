/// Reads clause references the way people write them in spreadsheets and document names.
///
/// `Clause 7.5.3`, `7.5.3.`, `§ 7.5.3`, `ISO 9001:2015 7.5.3`, `cl. 7.5.3` and
/// `7.5.3 Control of documented information` all give 7.5.3; several references in one cell
/// (`7.5; 8.4`, `7.5 / 8.4`, `7.5, 8.4`) give several clauses.
public enum ClauseReference {
    /// One reference found in a text: the clause and the words after it, if any.
    public struct Match: Hashable, Sendable {
        /// The clause number.
        public var clause: ClauseNumber
        /// Words written after the number, often the clause title (`Control of documented
        /// information`), or empty.
        public var title: String
    }

    /// Every clause reference in `text`, in order.
    public static func parse(_ text: String) -> [Match] {
        // Most names and cells are ASCII, where bytes are characters: scanning bytes spares
        // breaking the text into grapheme clusters, which dominated importing a folder.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return parse(Array(text.utf8))
        }
        return parse(Array(text))
    }

    private static func parse<Unit: ClauseTextUnit>(_ characters: [Unit]) -> [Match] {
        var matches: [Match] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let atBoundary = index == 0 || !characters[index - 1].isLetterOrDigit
            guard character.isASCIIDigit, atBoundary else {
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isASCIIDigit || characters[end].isDot {
                end += 1
            }
            var numberEnd = end
            while numberEnd > index, characters[numberEnd - 1].isDot { numberEnd -= 1 }
            let numberText = Unit.string(characters[index..<numberEnd])
            // "9001:2015" names a standard and its year; a number glued to letters ("v2",
            // "2nd") is not a clause; clause numbers start below 100.
            let next: Unit? = end < characters.count ? characters[end] : nil
            if next?.isColon == true {
                end += 1
                while end < characters.count, characters[end].isASCIIDigit { end += 1 }
                index = end
                continue
            }
            if next?.isLetter != true, let number = ClauseNumber(numberText),
                number.components[0] < 100
            {
                var titleEnd = end
                while titleEnd < characters.count, !characters[titleEnd].isASCIIDigit,
                    !characters[titleEnd].endsTitle
                {
                    titleEnd += 1
                }
                matches.append(
                    Match(clause: number, title: clean(characters[end..<titleEnd])))
                end = titleEnd
            }
            index = max(end, index + 1)
        }
        return matches
    }

    private static func clean<Unit: ClauseTextUnit>(_ text: ArraySlice<Unit>) -> String {
        var slice = text
        while let first = slice.first, first.isTitleSeparator { slice = slice.dropFirst() }
        while let last = slice.last, last.isTitleSeparator || last.isDot {
            slice = slice.dropLast()
        }
        return Unit.string(slice)
    }

    /// Whether a title written in a source plausibly names the checklist's clause title.
    ///
    /// Case, punctuation and word order do not matter; most words of the shorter title must
    /// appear in the longer one. "Nonconformity and corrective action" for 10.1 "General" is a
    /// contradiction; "Quality policy" for 5.2 "Policy" is not.
    public static func titlesAgree(_ written: String, _ checklist: String) -> Bool {
        let a = words(written)
        let b = words(checklist)
        if a.isEmpty || b.isEmpty { return true }
        let (small, large) = a.count <= b.count ? (a, b) : (b, a)
        let shared = small.filter { word in
            large.contains { other in
                // Same word, or the same stem ("continual" and "continuous", "customer"
                // and "customers").
                zip(word, other).prefix { $0 == $1 }.count >= min(5, word.count, other.count)
            }
        }
        return Double(shared.count) >= Double(small.count) * 0.6
    }

    private static let ignored: Set<String> = [
        "and", "of", "the", "for", "to", "or", "in", "a", "an", "s",
    ]

    private static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
            .filter { !ignored.contains($0) }
    }
}

/// What the clause scanner asks of a unit of text: a character, or a byte of ASCII text.
private protocol ClauseTextUnit: Equatable {
    var isASCIIDigit: Bool { get }
    var isLetter: Bool { get }
    var isLetterOrDigit: Bool { get }
    var isDot: Bool { get }
    var isColon: Bool { get }
    /// `;` `,` `/` `|`: the end of a title written after a clause number.
    var endsTitle: Bool { get }
    /// Trimmed from both ends of a title.
    var isTitleSeparator: Bool { get }
    static func string(_ units: ArraySlice<Self>) -> String
}

extension Character: ClauseTextUnit {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isLetterOrDigit: Bool { isLetter || isNumber }
    fileprivate var isDot: Bool { self == "." }
    fileprivate var isColon: Bool { self == ":" }
    fileprivate var endsTitle: Bool { ";,/|".contains(self) }
    fileprivate var isTitleSeparator: Bool { " -–:()\t".contains(self) }
    fileprivate static func string(_ units: ArraySlice<Character>) -> String { String(units) }
}

extension UInt8: ClauseTextUnit {
    fileprivate var isASCIIDigit: Bool { self >= 0x30 && self <= 0x39 }
    fileprivate var isLetter: Bool { (self | 0x20) >= 0x61 && (self | 0x20) <= 0x7A }
    fileprivate var isLetterOrDigit: Bool { isLetter || isASCIIDigit }
    fileprivate var isDot: Bool { self == 0x2E }
    fileprivate var isColon: Bool { self == 0x3A }
    fileprivate var endsTitle: Bool { self == 0x3B || self == 0x2C || self == 0x2F || self == 0x7C }
    fileprivate var isTitleSeparator: Bool {
        self == 0x20 || self == 0x2D || self == 0x3A || self == 0x28 || self == 0x29
            || self == 0x09
    }
    fileprivate static func string(_ units: ArraySlice<UInt8>) -> String {
        String(decoding: units, as: UTF8.self)
    }
}
