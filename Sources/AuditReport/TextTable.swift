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
    ///
    /// On a terminal (`TerminalStyle.current.width`) a table wider than the terminal has its
    /// widest column cut to fit, each cut cell ending in "…", and control characters in
    /// cells are made visible (`TerminalStyle.visible`); elsewhere nothing is changed.
    public func render() -> String {
        let all = ([header] + rows).map { $0.map(Self.shown) }
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.visibleCount)
            }
        }
        let layout = layout(widths: widths)
        return all.map { layout.place($0) }.joined()
    }

    /// A cell as the output will show it: on a terminal, control characters visible and line
    /// breaks as ␤, so the row stays one line.
    public static func shown(_ cell: String) -> String {
        guard TerminalStyle.current.width != nil else { return cell }
        return TerminalStyle.visible(cell).split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\u{2424}")
    }

    /// How rows are laid out once every cell's width is known (`widths`, measured on cells as
    /// `shown` gives them), for a table written a row at a time.
    public func layout(widths measured: [Int]) -> Layout {
        var widths = measured
        var limit: (column: Int, width: Int)?
        if let terminal = TerminalStyle.current.width, widths.count > 1 {
            let total = widths.reduce(0, +) + 2 * (widths.count - 1)
            if total > terminal - 1,
                let widest = widths.indices.max(by: { widths[$0] < widths[$1] })
            {
                let room = widths[widest] - (total - (terminal - 1))
                if room >= 8 {
                    limit = (widest, room)
                    widths[widest] = room
                }
            }
        }
        return Layout(widths: widths, limit: limit)
    }

    /// Column widths, and the column cut to fit a terminal.
    public struct Layout: Sendable {
        let widths: [Int]
        let limit: (column: Int, width: Int)?

        /// One row as a line, with its newline.
        public func line(_ row: [String]) -> String {
            place(row.map(TextTable.shown))
        }

        fileprivate func place(_ row: [String]) -> String {
            var line = ""
            for (index, cell) in row.enumerated() {
                var cell = cell
                if let limit, index == limit.column, cell.visibleCount > limit.width,
                    !cell.contains("\u{1B}")
                {
                    cell = String(cell.prefix(limit.width - 1)) + "…"
                }
                let isLast = index == row.count - 1
                line += isLast ? cell : cell.padding(toLength: widths[index] + 2)
            }
            return line.trailingSpacesRemoved() + "\n"
        }
    }
}

/// Word wrapping for terminal output.
public enum PlainText {
    /// Wraps `text` at `width` columns, prefixing the first line with `first` and the others
    /// with `rest`.
    public static func wrap(
        _ text: String, width: Int = TerminalStyle.current.wrapWidth, first: String, rest: String
    ) -> [String] {
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
        let visible = visibleCount
        return visible >= length ? self : self + String(repeating: " ", count: length - visible)
    }

    func trailingSpacesRemoved() -> String {
        var result = self
        while result.last == " " { result.removeLast() }
        return result
    }
}
