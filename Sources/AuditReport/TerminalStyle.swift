public import AuditModel

/// How text for a terminal is laid out: the width lines wrap at and tables are cut to, and
/// whether verdicts and gate results are coloured.
///
/// The command line sets it for a run on a terminal (`current`); output to a file or a pipe
/// keeps the defaults — 100 columns, nothing cut, no colour — so it is the same everywhere.
public struct TerminalStyle: Sendable {
    /// The terminal's width in columns, or `nil` when the output is not a terminal.
    public var width: Int?
    /// Whether to colour with ANSI escape sequences.
    public var colour: Bool

    /// Creates a style.
    public init(width: Int? = nil, colour: Bool = false) {
        self.width = width
        self.colour = colour
    }

    /// The style of the output being written.
    @TaskLocal public static var current = TerminalStyle()

    /// The style for output to a terminal of `columns` (or to a file or pipe when `nil`),
    /// coloured unless `NO_COLOR` is set (to anything), `TERM` is `dumb`, or the user asked
    /// for none (`--no-color`).
    public static func detect(
        columns: Int?, environment: [String: String], noColour: Bool
    ) -> TerminalStyle {
        guard let columns, columns > 0 else { return TerminalStyle() }
        let colour =
            !noColour && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return TerminalStyle(width: columns, colour: colour)
    }

    /// The width prose wraps at: the terminal's (less one, so a full line never wraps by
    /// itself), at most 100; 100 off a terminal.
    public var wrapWidth: Int { width.map { max(40, min($0 - 1, 100)) } ?? 100 }

    /// A tone of colour.
    public enum Tone: Sendable {
        /// Conforming, ready, present.
        case good
        /// A nonconformity, not ready, missing.
        case bad
        /// An observation, stale, not determined.
        case warning
        /// N/A and other quiet facts.
        case quiet
    }

    /// `text` in `tone`, or as it is when colour is off.
    public func paint(_ text: String, _ tone: Tone) -> String {
        guard colour, !text.isEmpty else { return text }
        let code =
            switch tone {
            case .good: "32"
            case .bad: "31;1"
            case .warning: "33"
            case .quiet: "2"
            }
        return "\u{1B}[\(code)m\(text)\u{1B}[0m"
    }

    /// The tone of a verdict.
    public static func tone(of verdict: Verdict?) -> Tone {
        switch verdict {
        case .conforming?: .good
        case .minor?, .major?, .nonconforming?: .bad
        case .observation?, .ofi?: .warning
        case .na?, .notArisen?, nil: .quiet
        }
    }

    /// A verdict's name, painted in its tone.
    public func verdict(_ verdict: Verdict?, _ text: String? = nil) -> String {
        paint(text ?? verdict?.rawValue ?? "—", Self.tone(of: verdict))
    }
}

extension String {
    /// How many columns the text takes on a terminal: its characters, less any ANSI colour
    /// sequences.
    var visibleCount: Int {
        var count = 0
        var inEscape = false
        for scalar in unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else if scalar.properties.generalCategory != .nonspacingMark {
                count += 1
            }
        }
        return count
    }
}

extension TerminalStyle {
    /// The colour sequences `paint` writes, the only escape sequences let through `visible`.
    static let ownSequences: [[Unicode.Scalar]] = ["32", "31;1", "33", "2", "0"].map {
        Array("\u{1B}[\($0)m".unicodeScalars)
    }

    /// `text` with what could move the cursor or reorder what a terminal shows made visible.
    ///
    /// C0 controls but newline and tab become their control pictures (ESC ␛, carriage return
    /// ␍), DEL ␡, C1 controls and bidirectional marks, embeddings, overrides and isolates
    /// `<U+202E>`. qmsaudit's own colour sequences are kept, so a text from an imported file
    /// or an answer cannot clear the screen, retitle the window, hide a line behind a carriage
    /// return or reverse a column.
    public static func visible(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\u{1B}",
                let own = ownSequences.first(where: { sequence in
                    index + sequence.count <= scalars.count
                        && scalars[index..<index + sequence.count].elementsEqual(sequence)
                })
            {
                output.append(contentsOf: own)
                index += own.count
                continue
            }
            if needsEscape(scalar) {
                output.append(contentsOf: picture(scalar).unicodeScalars)
            } else {
                output.append(scalar)
            }
            index += 1
        }
        return String(output)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F, 0x80...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    private static func picture(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x00...0x1F: String(Unicode.Scalar(0x2400 + scalar.value) ?? "?")
        case 0x7F: "\u{2421}"
        default: "<U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) + ">"
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
