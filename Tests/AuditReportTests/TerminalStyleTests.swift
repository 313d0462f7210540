import AuditModel
import Testing

@testable import AuditReport

@Suite struct TerminalStyleTests {
    @Test func coloursOnlyATerminalThatWantsColour() {
        let terminal = TerminalStyle.detect(columns: 80, environment: [:], noColour: false)
        #expect(terminal.colour && terminal.width == 80)
        #expect(!TerminalStyle.detect(columns: nil, environment: [:], noColour: false).colour)
        #expect(
            !TerminalStyle.detect(columns: 80, environment: ["NO_COLOR": ""], noColour: false)
                .colour, "NO_COLOR set to anything, even empty")
        #expect(
            !TerminalStyle.detect(columns: 80, environment: ["TERM": "dumb"], noColour: false)
                .colour)
        #expect(!TerminalStyle.detect(columns: 80, environment: [:], noColour: true).colour)
        #expect(TerminalStyle.detect(columns: nil, environment: [:], noColour: false).width == nil)
    }

    @Test func paintsVerdictsAndKeepsTablesAligned() {
        let style = TerminalStyle(width: nil, colour: true)
        #expect(style.verdict(.major) == "\u{1B}[31;1mmajor\u{1B}[0m")
        #expect(style.verdict(.conforming).visibleCount == "conforming".count)
        #expect(TerminalStyle().verdict(.major) == "major", "no colour off a terminal")
        let table = TerminalStyle.$current.withValue(style) {
            TextTable(
                header: ["ITEM", "VERDICT", "NOTE"],
                rows: [
                    ["7.2-1", style.verdict(.minor), "a"],
                    ["7.2-22", style.verdict(.conforming), "b"],
                ]
            ).render()
        }
        let plain = table.replacingEscapes()
        #expect(plain == "ITEM    VERDICT     NOTE\n7.2-1   minor       a\n7.2-22  conforming  b\n")
    }

    /// On an 80-column terminal prose wraps before the edge and a wide table's widest column
    /// is cut with "…"; off a terminal nothing changes.
    @Test func wrapsAndCutsToTheTerminal() {
        let long = String(repeating: "word ", count: 40)
        let narrow = TerminalStyle(width: 60, colour: false)
        let wrapped = TerminalStyle.$current.withValue(narrow) {
            PlainText.wrap(long, first: "", rest: "")
        }
        #expect(wrapped.allSatisfy { $0.count <= 59 })
        #expect(PlainText.wrap(long, first: "", rest: "").first?.count ?? 0 > 60)
        let wide = TextTable(
            header: ["ID", "TITLE"], rows: [["EV-0001", String(repeating: "t", count: 120)]])
        let cut = TerminalStyle.$current.withValue(narrow) { wide.render() }
        #expect(cut.split(separator: "\n").allSatisfy { $0.count <= 59 })
        #expect(cut.contains("…"))
        #expect(!wide.render().contains("…"))
    }

    @Test func theReadinessVerdictIsColoured() {
        let card = ScoreCard(
            checklist: Checklist(id: "c", title: "T", standard: "S", edition: "1", clauses: []),
            responses: [:], register: .empty, gaps: nil)
        let text = TerminalStyle.$current.withValue(TerminalStyle(width: 100, colour: true)) {
            ScoreRenderer.render(
                card, info: NCReportTests.info, grouping: .section, format: .table, explain: false)
        }
        #expect(text.contains("readiness: \u{1B}["))
    }
}

extension String {
    /// The text without its ANSI colour sequences.
    func replacingEscapes() -> String {
        var result = ""
        var inEscape = false
        for scalar in unicodeScalars {
            if inEscape {
                if scalar == "m" { inEscape = false }
            } else if scalar == "\u{1B}" {
                inEscape = true
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
