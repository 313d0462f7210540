public import AuditModel

/// The management review input (`qmsaudit programme review-input`), as Markdown, one
/// self-contained HTML page with inline SVG charts, or JSON (`qmsaudit-programme-review-input/1`).
public struct ReviewInputDocument: Sendable {
    /// The forms it is written in.
    public enum Format: String, CaseIterable, Sendable {
        /// Markdown.
        case md
        /// One HTML page, charts inline.
        case html
        /// JSON.
        case json
    }

    /// The input.
    public var input: ReviewInput

    /// Creates the document.
    public init(_ input: ReviewInput) {
        self.input = input
    }

    /// The document in `format`, ending with a newline.
    public func render(_ format: Format) -> String {
        switch format {
        case .md: markdown()
        case .html: html()
        case .json: json()
        }
    }

    private var title: String { "Management review input: \(input.organisation)" }

    private var years: [Int] {
        Array(Set(input.trend.flatMap { $0.byYear.keys })).sorted()
    }

    private func markdown() -> String {
        let e = Markdown.escape
        var lines = [
            "# \(e(title))", "",
            "What the audit programme can give the management review (ISO 9001 9.3.2), as of"
                + " \(input.today). An input the programme holds no data for says so.",
        ]
        for part in input.parts {
            lines += ["", "## \(part.reference) \(e(part.title))", ""]
            lines +=
                part.lines.isEmpty
                ? ["No data: \(e(part.noData))."] : part.lines.map { "- " + e($0) }
        }
        lines += ["", "## Findings per quarter", ""]
        if input.quarters.isEmpty {
            lines.append("No data: no finding is dated yet.")
        } else {
            lines += ["| Quarter | Major | Minor | Observation | OFI |", "|---|--:|--:|--:|--:|"]
            lines += input.quarters.map {
                "| \($0.quarter) | \($0.major) | \($0.minor) | \($0.observation) | \($0.ofi) |"
            }
        }
        lines += ["", "## Findings by clause and year", ""]
        if input.trend.isEmpty {
            lines.append("No data: no finding yet.")
        } else {
            lines.append("| Clause | " + years.map(String.init).joined(separator: " | ") + " |")
            lines.append("|---|" + String(repeating: "--:|", count: years.count))
            lines += input.trend.prefix(15).map { row in
                "| \(row.clause) | "
                    + years.map { String(row.byYear[$0] ?? 0) }.joined(separator: " | ") + " |"
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func html() -> String {
        let h = HTML.escape
        var body = [
            "<h1>\(h(title))</h1>",
            "<p>What the audit programme can give the management review (ISO 9001 9.3.2), as of"
                + " \(h(input.today.description)). An input the programme holds no data for says"
                + " so.</p>",
        ]
        for part in input.parts {
            body.append("<section><h2>\(h(part.reference)) \(h(part.title))</h2>")
            body.append(
                part.lines.isEmpty
                    ? "<p class=\"nodata\">No data: \(h(part.noData)).</p>"
                    : "<ul>" + part.lines.map { "<li>\(h($0))</li>" }.joined() + "</ul>")
            body.append("</section>")
        }
        body.append("<section><h2>Findings per quarter</h2>")
        body.append(input.quarters.isEmpty ? "<p class=\"nodata\">No data.</p>" : chart())
        body.append("</section><section><h2>Findings by clause and year</h2>")
        if input.trend.isEmpty {
            body.append("<p class=\"nodata\">No data.</p>")
        } else {
            body.append(
                "<table class=\"grid\"><thead><tr><th>Clause</th>"
                    + years.map { "<th>\($0)</th>" }.joined() + "</tr></thead><tbody>"
                    + input.trend.prefix(15).map { row in
                        "<tr><td>\(h(row.clause.description))</td>"
                            + years.map { "<td>\(row.byYear[$0] ?? 0)</td>" }.joined() + "</tr>"
                    }.joined() + "</tbody></table>")
        }
        body.append("</section>")
        return [
            "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                + " style-src 'unsafe-inline'\">",
            "<title>\(h(title))</title>",
            "<style>\(NCReport.style)p.nodata{color:#666}svg{max-width:100%;height:auto}"
                + "svg text{font:11px system-ui,sans-serif}</style>",
            "</head>", "<body>",
        ].joined(separator: "\n") + "\n" + body.joined(separator: "\n") + "\n</body>\n</html>\n"
    }

    /// Stacked bars per quarter: majors, minors, observations, OFIs, with a legend.
    private func chart() -> String {
        let colours = [
            ("major", "#b71c1c"), ("minor", "#ef6c00"), ("observation", "#f9a825"),
            ("OFI", "#1565c0"),
        ]
        let highest = max(1, input.quarters.map(\.total).max() ?? 1)
        let barWidth = 34
        let gap = 14
        let height = 180
        let width = max(320, input.quarters.count * (barWidth + gap) + 40)
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\""
                + " height=\"\(height + 60)\" viewBox=\"0 0 \(width) \(height + 60)\">",
            "<title>Findings per quarter, by grade</title>",
        ]
        for (index, quarter) in input.quarters.enumerated() {
            let x = 30 + index * (barWidth + gap)
            var top = height
            for (count, colour) in zip(
                [quarter.major, quarter.minor, quarter.observation, quarter.ofi],
                colours.map(\.1))
            where count > 0 {
                let size = count * (height - 20) / highest
                top -= size
                parts.append(
                    "<rect x=\"\(x)\" y=\"\(top)\" width=\"\(barWidth)\" height=\"\(size)\""
                        + " fill=\"\(colour)\"/>")
            }
            parts.append(
                "<text x=\"\(x + barWidth / 2)\" y=\"\(top - 4)\" text-anchor=\"middle\">"
                    + "\(quarter.total)</text>"
                    + "<text x=\"\(x + barWidth / 2)\" y=\"\(height + 14)\" text-anchor=\"middle\">"
                    + "\(HTML.escape(quarter.quarter))</text>")
        }
        for (index, item) in colours.enumerated() {
            let x = 30 + index * 90
            parts.append(
                "<rect x=\"\(x)\" y=\"\(height + 30)\" width=\"12\" height=\"12\" fill=\"\(item.1)\"/>"
                    + "<text x=\"\(x + 16)\" y=\"\(height + 40)\">\(item.0)</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    private func json() -> String {
        JSONValue.object([
            ("schema", .string("qmsaudit-programme-review-input/1")),
            ("organisation", .string(input.organisation)),
            ("as_of", .string(input.today.description)),
            (
                "inputs",
                .array(
                    input.parts.map { part in
                        .object([
                            ("reference", .string(part.reference)), ("title", .string(part.title)),
                            ("data", .strings(part.lines)),
                            ("no_data", part.lines.isEmpty ? .string(part.noData) : .null),
                        ])
                    })
            ),
            (
                "quarters",
                .array(
                    input.quarters.map {
                        .object([
                            ("quarter", .string($0.quarter)), ("major", .number(Double($0.major))),
                            ("minor", .number(Double($0.minor))),
                            ("observation", .number(Double($0.observation))),
                            ("ofi", .number(Double($0.ofi))),
                        ])
                    })
            ),
        ]).rendered()
    }
}
