import AuditModel
import Testing

@Suite struct DiagnosticTests {
    @Test func describesWithPathLineAndColumn() {
        let diagnostic = Diagnostic.error(
            "unknown key 'wieght'", at: SourceLocation(path: "a.yaml", line: 3, column: 5))
        #expect(diagnostic.description == "a.yaml:3:5: error: unknown key 'wieght'")
        #expect(Diagnostic.warning("w", at: nil).description == "warning: w")
    }

    @Test func rendersTheLineWithACaretUnderTheColumn() {
        let source = "id: x\n  weight: high\nend: 1\n"
        let diagnostic = Diagnostic.error(
            "expected a number", at: SourceLocation(path: "f.yaml", line: 2, column: 11))
        #expect(
            diagnostic.rendered(source: source) == """
                f.yaml:2:11: error: expected a number
                 2 |   weight: high
                   |           ^
                """)
    }

    @Test func keepsTabsSoTheCaretLinesUp() {
        let diagnostic = Diagnostic.error(
            "bad", at: SourceLocation(path: "f", line: 1, column: 3))
        #expect(diagnostic.rendered(source: "\tab") == "f:1:3: error: bad\n 1 | \tab\n   | \t ^")
    }

    @Test func fallsBackToTheDescriptionWhenTheLineIsMissing() {
        let diagnostic = Diagnostic.error("bad", at: SourceLocation(path: "f", line: 9, column: 1))
        #expect(diagnostic.rendered(source: "one line") == diagnostic.description)
        #expect(diagnostic.rendered(source: nil) == diagnostic.description)
    }

    @Test func sortsByFileLineAndColumn() {
        let diagnostics: [Diagnostic] = [
            .error("c", at: SourceLocation(path: "b", line: 1, column: 1)),
            .error("b", at: SourceLocation(path: "a", line: 2, column: 1)),
            .error("a", at: SourceLocation(path: "a", line: 1, column: 7)),
        ]
        #expect(diagnostics.sortedByLocation().map(\.message) == ["a", "b", "c"])
        #expect(diagnostics.containsErrors)
        #expect(![Diagnostic.warning("w", at: nil)].containsErrors)
    }
}

@Suite struct JSONStringsTests {
    @Test(arguments: [
        [], ["a"], ["7.5", "8.4.1"], ["quote \" and \\ backslash", "line\nbreak", "tab\t", "é 😀"],
    ])
    func readsBackWhatItWrites(values: [String]) {
        #expect(JSONValue.decodeStrings(JSONValue.strings(values).compact()) == values)
    }

    @Test func refusesOtherJSON() {
        #expect(JSONValue.decodeStrings("{}") == nil)
        #expect(JSONValue.decodeStrings("[1]") == nil)
        #expect(JSONValue.decodeStrings("[\"open") == nil)
    }
}

@Suite struct WhitespaceTests {
    @Test(arguments: [
        ("plain", "plain"), ("  a b \t", "a b"), ("\r\nline\n", "line"), ("é ", "é"), (" ü", "ü"),
        ("   ", ""), ("", ""), ("\u{00A0}x\u{00A0}", "x"),
    ])
    func trimsBothEnds(input: String, expected: String) {
        #expect(input.trimmingWhitespace() == expected)
    }
}
