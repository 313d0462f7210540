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
        let characters = Array(text)
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
            while end < characters.count, characters[end].isASCIIDigit || characters[end] == "." {
                end += 1
            }
            var numberText = String(characters[index..<end])
            while numberText.hasSuffix(".") { numberText.removeLast() }
            // "9001:2015" names a standard and its year; a number glued to letters ("v2",
            // "2nd") is not a clause; clause numbers start below 100.
            let next: Character? = end < characters.count ? characters[end] : nil
            if next == ":" {
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
                    !";,/|".contains(characters[titleEnd])
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

    private static func clean(_ text: ArraySlice<Character>) -> String {
        let separators: Set<Character> = [" ", "-", "–", ":", "(", ")", "\t"]
        var slice = text
        while let first = slice.first, separators.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, separators.contains(last) || last == "." {
            slice = slice.dropLast()
        }
        return String(slice)
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

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
    fileprivate var isLetterOrDigit: Bool { isLetter || isNumber }
}
