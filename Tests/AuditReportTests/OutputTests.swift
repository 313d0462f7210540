import AuditModel
import AuditReport
import Testing

@Suite struct OutputTests {
    @Test func jsonEscapesAndKeepsKeyOrder() {
        let value: JSONValue = .object([
            ("z", .string("quote \" backslash \\ newline \n tab \t bell \u{7}")),
            ("a", .array([.number(1), .number(0.5), .bool(false), .null])),
            ("empty", .array([])),
            ("nested", .object([])),
        ])
        #expect(
            value.rendered() == """
                {
                  "z": "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007",
                  "a": [
                    1,
                    0.5,
                    false,
                    null
                  ],
                  "empty": [],
                  "nested": {}
                }

                """)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""),
    ])
    func csvQuotesAndNeutralisesFormulas(input: String, expected: String) {
        #expect(CSVOutput.cell(input) == expected)
    }

    @Test func csvUsesCRLF() {
        #expect(CSVOutput.render(header: ["a", "b"], rows: [["1", "2"]]) == "a,b\r\n1,2\r\n")
    }

    @Test func markdownEscapesFormatting() {
        #expect(
            Markdown.escape("*bold* _x_ <b> [l](u) a|b #1")
                == "\\*bold\\* \\_x\\_ \\<b\\> \\[l\\](u) a\\|b \\#1")
    }

    @Test func tablesAlignColumns() {
        let table = TextTable(header: ["ID", "NAME"], rows: [["1", "one"], ["100", "x"]])
        #expect(table.render() == "ID   NAME\n1    one\n100  x\n")
    }

    @Test func wrapsWordsWithAHangingIndent() {
        let lines = PlainText.wrap(
            "one two three four", width: 10, first: "- ", rest: "  ")
        #expect(lines == ["- one two", "  three", "  four"])
    }
}
