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

    /// What a clause cell says: references to the checklist's standard and edition, and
    /// references to anything else, kept as written.
    public struct Reading: Hashable, Sendable {
        /// The references to clauses of the checklist's standard and edition.
        public var matches: [Match] = []
        /// The parts of the text that cite another standard (`ISO 14001:2015 6.1.2`,
        /// `ISO/IEC 27001:2022 A.5.1`), another edition (`ISO 9001:2008 7.5.3`), an annex
        /// control (`A.5.1`) or a control of a catalogue (`ac-6.1`), as written.
        public var others: [String] = []
        /// References to the edition the checklist supersedes (`previousYear`), to be read
        /// through its edition mapping, and the parts that held them.
        public var previous: [Match] = []
        /// See `previous`.
        public var previousParts: [String] = []
    }

    /// Reads `text` as references to clauses of `standard` (`ISO 9001`) in the edition of
    /// `year` (`2015`): parts naming another standard or edition, annex controls (`A.5.1`) and
    /// catalogue controls (`ac-6.1_obj`) are set apart in `others`, never read as clauses.
    ///
    /// Parts are separated by `;`, `,`, `|`, a new line or ` / `.
    public static func read(
        _ text: String, standard: String, year: String, previousYear: String = ""
    ) -> Reading {
        var reading = Reading()
        let own = designation(of: standard)
        for part in parts(of: text) {
            if let cited = citedStandard(in: part) {
                let sameStandard = !own.isEmpty && cited.number == own
                if sameStandard, !previousYear.isEmpty, cited.year == previousYear,
                    previousYear != year
                {
                    reading.previous += parse(part)
                    reading.previousParts.append(part)
                    continue
                }
                let isOwn = sameStandard && (cited.year.isEmpty || cited.year == year)
                if !isOwn {
                    reading.others.append(part)
                    continue
                }
            } else if isControlReference(part) {
                reading.others.append(part)
                continue
            }
            reading.matches += parse(part)
        }
        return reading
    }

    /// The year of the first standard `edition` names (`2015` for `ISO 9001:2015 + A1:2024`),
    /// or empty.
    public static func year(of edition: String) -> String {
        citedStandard(in: edition)?.year ?? ""
    }

    /// The number of the standard `text` names (`9001` for `ISO 9001`), or empty.
    public static func designation(of text: String) -> String {
        citedStandard(in: text)?.number ?? ""
    }

    private static func parts(of text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            let spacedSlash =
                character == "/" && index > 0 && characters[index - 1] == " "
                && index + 1 < characters.count && characters[index + 1] == " "
            if ";,|\n".contains(character) || spacedSlash {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// A standard named in `text`: `ISO 9001:2015`, `ISO/IEC 27001:2022`, `IATF 16949`,
    /// `EN 9100`, `ISO 14001` — a body's letters, then a number of three to five digits, then
    /// perhaps `:` and a year.
    private static func citedStandard(in text: String) -> (number: String, year: String)? {
        let bodies: Set<String> = [
            "ISO", "IEC", "IATF", "EN", "DIN", "BS", "AS", "NZS", "TS", "CSA", "ANSI", "ASQ",
            "API", "SAE", "VDA", "GMP", "ONR", "NIST", "SP",
        ]
        let characters = Array(text)
        var index = 0
        var sawBody = false
        while index < characters.count {
            let character = characters[index]
            if character.isLetter {
                var end = index
                while end < characters.count, characters[end].isLetter { end += 1 }
                sawBody = bodies.contains(String(characters[index..<end]).uppercased())
                index = end
                continue
            }
            if sawBody, character.isNumber, character.isASCII {
                var end = index
                while end < characters.count, characters[end].isASCII, characters[end].isNumber {
                    end += 1
                }
                let number = String(characters[index..<end])
                guard (3...5).contains(number.count) else { return nil }
                var year = ""
                // A part number (`ISO 19011-1`) belongs to the designation.
                var next = end
                if next < characters.count, characters[next] == "-" {
                    next += 1
                    while next < characters.count, characters[next].isNumber { next += 1 }
                }
                if next < characters.count, characters[next] == ":" {
                    var yearEnd = next + 1
                    while yearEnd < characters.count, characters[yearEnd].isNumber { yearEnd += 1 }
                    year = String(characters[(next + 1)..<yearEnd])
                }
                return (String(characters[index..<next]), year)
            }
            if !(character == " " || character == "/" || character == "-" || character == ".") {
                sawBody = false
            }
            index += 1
        }
        return nil
    }

    /// `A.5.1` (an annex control) or `ac-6.1` (a control of a catalogue such as NIST SP
    /// 800-53, as OSCAL writes it): a letter and a dot, or small letters and a dash, before
    /// the number.
    private static func isControlReference(_ text: String) -> Bool {
        let characters = Array(text)
        for index in characters.indices where characters[index].isNumber {
            let before = characters[..<index]
            if before.last == ".", before.count >= 2 {
                let letter = before[before.index(before.endIndex, offsetBy: -2)]
                let start = before.index(before.endIndex, offsetBy: -2)
                let isolated = start == before.startIndex || !before[start - 1].isLetter
                if letter.isUppercase, isolated { return true }
            }
            if before.last == "-" {
                let letters = before.dropLast().reversed().prefix { $0.isLetter }
                if (1...3).contains(letters.count), letters.allSatisfy(\.isLowercase) {
                    return true
                }
            }
        }
        return false
    }

    private static func parse<Unit: ClauseTextUnit>(_ characters: [Unit]) -> [Match] {
        var matches: [Match] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let atBoundary = index == 0 || !characters[index - 1].isLetterOrDigit
            guard character.isASCIIDigit, atBoundary else {
                index += 1
                // A number glued to letters (`v2.1`, `A5.1`) is not a clause, nor any part of it.
                if character.isASCIIDigit {
                    while index < characters.count,
                        characters[index].isASCIIDigit || characters[index].isDot
                    {
                        index += 1
                    }
                }
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
