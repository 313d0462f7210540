/// A plain-text table with left-aligned columns, for terminal output.
public struct TextTable: Sendable {
    /// The header cells.
    public var header: [String]
    /// The body rows; each has as many cells as the header.
    public var rows: [[String]]

    /// Creates a table.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table with columns two spaces apart and no trailing spaces.
    public func render() -> String {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        return all.map { row in
            var line = ""
            for (index, cell) in row.enumerated() {
                let isLast = index == row.count - 1
                line += isLast ? cell : cell.padding(toLength: widths[index] + 2)
            }
            return line.trailingSpacesRemoved()
        }.joined(separator: "\n") + "\n"
    }
}

/// Word wrapping for terminal output.
public enum PlainText {
    /// Wraps `text` at `width` columns, prefixing the first line with `first` and the others
    /// with `rest`.
    public static func wrap(_ text: String, width: Int = 100, first: String, rest: String)
        -> [String]
    {
        var lines: [String] = []
        var current = first
        var currentHasWord = false
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if currentHasWord && current.count + 1 + word.count > width {
                lines.append(current)
                current = rest
                currentHasWord = false
            }
            current += (currentHasWord ? " " : "") + word
            currentHasWord = true
        }
        lines.append(current)
        return lines.map { $0.trailingSpacesRemoved() }
    }
}

extension String {
    func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }

    func trailingSpacesRemoved() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
