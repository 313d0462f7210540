/// A position in an input file.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    /// The file's path as the user gave it.
    public var path: String
    /// The 1-based line number.
    public var line: Int
    /// The 1-based column, counted in Unicode scalars.
    public var column: Int

    /// Creates a location.
    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column`, the form editors and terminals make clickable.
    public var description: String { "\(path):\(line):\(column)" }
}

/// A problem found in an input file, with where it is.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How bad the problem is.
    public enum Severity: String, Sendable, Comparable {
        /// The input cannot be used as it is.
        case error
        /// The input is usable but probably not what was meant.
        case warning
        /// Extra information attached to another diagnostic.
        case note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        /// Errors sort before warnings, warnings before notes.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// How bad the problem is.
    public var severity: Severity
    /// Where the problem is; `nil` when it concerns the whole input.
    public var location: SourceLocation?
    /// What is wrong: lowercase, no final period, user values in single quotes.
    public var message: String

    /// Creates a diagnostic.
    public init(_ severity: Severity, _ message: String, at location: SourceLocation?) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    /// Creates an error diagnostic.
    public static func error(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.error, message, at: location)
    }

    /// Creates a warning diagnostic.
    public static func warning(_ message: String, at location: SourceLocation?) -> Diagnostic {
        Diagnostic(.warning, message, at: location)
    }

    /// `path:line:column: error: message`, or `error: message` without a location.
    public var description: String {
        if let location { return "\(location): \(severity.rawValue): \(message)" }
        return "\(severity.rawValue): \(message)"
    }

    /// The description followed by the offending line of `source` and a caret under the column.
    ///
    /// - Parameter source: the text of the file the location points into.
    /// - Returns: one to three lines of text, without a final newline.
    public func rendered(source: String?) -> String {
        guard let location, let source else { return description }
        var lineNumber = 1
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if lineNumber == location.line { return rendered(line: String(line)) }
            lineNumber += 1
        }
        return description
    }

    /// The description followed by `line`, the text of the line the location points at, and a
    /// caret under the column.
    public func rendered(line: String?) -> String {
        guard let location, let text = line else { return description }
        var line = Substring(text)
        if line.hasSuffix("\r") { line = line.dropLast() }
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Count the caret's offset in Unicode scalars, as the column is; tabs stay tabs so the
        // caret lines up under the same character in a terminal.
        var scalars = Array(line.unicodeScalars)
        var column = max(0, location.column - 1)
        // A very long line (a 100 kB cell) is shown around the column only, marked as cut.
        let width = 120
        var (before, after) = ("", "")
        if scalars.count > width * 2 {
            let start = max(0, min(column - width / 2, scalars.count - width))
            let end = min(scalars.count, start + width)
            before = start > 0 ? "…" : ""
            after = end < scalars.count ? "…" : ""
            scalars = Array(scalars[start..<end])
            column = column - start + (before.isEmpty ? 0 : 1)
        }
        let shown = before + String(String.UnicodeScalarView(scalars)) + after
        let prefix = Array(shown.unicodeScalars).prefix(column)
        let indent = String(String.UnicodeScalarView(prefix.map { $0 == "\t" ? "\t" : " " }))
        return "\(description)\n \(gutter) | \(shown)\n \(pad) | \(indent)^"
    }
}

extension Array where Element == Diagnostic {
    /// Whether any of the diagnostics is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// The diagnostics ordered by file, line, column, then severity, for stable output.
    public func sortedByLocation() -> [Diagnostic] {
        // A note without a place explains the diagnostic before it: it moves with it.
        var groups: [[Diagnostic]] = []
        for diagnostic in self {
            if diagnostic.severity == .note, diagnostic.location == nil, !groups.isEmpty,
                groups[groups.count - 1][0].location != nil
            {
                groups[groups.count - 1].append(diagnostic)
            } else {
                groups.append([diagnostic])
            }
        }
        return groups.enumerated().sorted { lhs, rhs in
            let l = lhs.element[0].location
            let r = rhs.element[0].location
            let lk = (l?.path ?? "", l?.line ?? 0, l?.column ?? 0)
            let rk = (r?.path ?? "", r?.line ?? 0, r?.column ?? 0)
            if lk != rk { return lk < rk }
            return lhs.offset < rhs.offset
        }.flatMap(\.element)
    }
}
