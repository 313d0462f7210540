/// Writes a small Excel workbook (`.xlsx`): sheets of text cells, the first row of each a bold
/// header frozen in place with a filter, long text wrapped.
///
/// Every cell is an inline string, so nothing a cell holds is ever read as a formula. The
/// package is a ZIP of stored entries (`ZipSink`), written beside the destination and renamed
/// into place, so a workbook appears whole or not at all.
public struct XLSXWriter: Sendable {
    /// One sheet: its name, its rows (the first the header) and each column's width in
    /// characters.
    public struct Sheet: Sendable {
        /// The tab's name (at most 31 characters; no `[]:*?/\`).
        public var name: String
        /// The rows, the header first.
        public var rows: [[String]]
        /// Each column's width in characters.
        public var widths: [Int]

        /// Creates a sheet.
        public init(name: String, rows: [[String]], widths: [Int]) {
            self.name = name
            self.rows = rows
            self.widths = widths
        }
    }

    /// The sheets, in tab order.
    public var sheets: [Sheet]

    /// Creates a workbook of `sheets`.
    public init(sheets: [Sheet]) {
        self.sheets = sheets
    }

    /// Writes the workbook to `path`, every entry stamped `timestamp` (ISO 8601, UTC).
    ///
    /// - Throws: `PackError.cannotWrite` when the file cannot be written.
    public func write(to path: String, timestamp: String) throws {
        let sink = try ZipSink(path: path, timestamp: timestamp)
        do {
            for (name, text) in parts() { _ = try sink.add(name, bytes: Array(text.utf8)) }
            try sink.finish()
        } catch {
            sink.abandon()
            throw error
        }
    }

    /// The package's parts, name and XML.
    func parts() -> [(String, String)] {
        let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let package = "http://schemas.openxmlformats.org/package/2006/relationships"
        let sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
        let numbers = sheets.indices.map { $0 + 1 }
        let types =
            declaration
            + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package"
            + ".relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd"
            + ".openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
            + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd"
            + ".openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
            + numbers.map {
                "<Override PartName=\"/xl/worksheets/sheet\($0).xml\" ContentType=\"\(sheetType)\"/>"
            }.joined() + "</Types>"
        let rootRelationships =
            declaration + "<Relationships xmlns=\"\(package)\"><Relationship Id=\"rId1\""
            + " Type=\"\(relationships)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "</Relationships>"
        let workbook =
            declaration + "<workbook xmlns=\"\(main)\" xmlns:r=\"\(relationships)\"><sheets>"
            + zip(numbers, sheets).map { number, sheet in
                "<sheet name=\"\(Self.escape(Self.sheetName(sheet.name)))\" sheetId=\"\(number)\""
                    + " r:id=\"rId\(number)\"/>"
            }.joined() + "</sheets></workbook>"
        let workbookRelationships =
            declaration + "<Relationships xmlns=\"\(package)\">"
            + numbers.map {
                "<Relationship Id=\"rId\($0)\" Type=\"\(relationships)/worksheet\""
                    + " Target=\"worksheets/sheet\($0).xml\"/>"
            }.joined()
            + "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationships)/styles\""
            + " Target=\"styles.xml\"/></Relationships>"
        // Styles: 0 plain, 1 the bold header, 2 wrapped text aligned to the top.
        let styles =
            declaration + "<styleSheet xmlns=\"\(main)\">"
            + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font>"
            + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
            + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill>"
            + "<fill><patternFill patternType=\"gray125\"/></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border>"
            + "</borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\""
            + " borderId=\"0\"/></cellStyleXfs><cellXfs count=\"3\">"
            + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\""
            + " applyFont=\"1\"/><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\""
            + " xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/>"
            + "</xf></cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\""
            + " builtinId=\"0\"/></cellStyles></styleSheet>"
        var parts = [
            ("[Content_Types].xml", types), ("_rels/.rels", rootRelationships),
            ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", workbookRelationships),
            ("xl/styles.xml", styles),
        ]
        for (number, sheet) in zip(numbers, sheets) {
            parts.append(("xl/worksheets/sheet\(number).xml", declaration + worksheet(sheet)))
        }
        return parts
    }

    private func worksheet(_ sheet: Sheet) -> String {
        let columns = sheet.rows.map(\.count).max() ?? 0
        var xml =
            "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
            + "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\""
            + " activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        if !sheet.widths.isEmpty {
            xml += "<cols>"
            for (index, width) in sheet.widths.enumerated() {
                xml +=
                    "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\""
                    + " customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(rowIndex + 1)\">"
            for (columnIndex, value) in row.enumerated() where !value.isEmpty {
                let style = rowIndex == 0 ? 1 : 2
                let preserve =
                    value.first?.isWhitespace == true || value.last?.isWhitespace == true
                    ? " xml:space=\"preserve\"" : ""
                xml +=
                    "<c r=\"\(Self.column(columnIndex))\(rowIndex + 1)\" t=\"inlineStr\""
                    + " s=\"\(style)\"><is><t\(preserve)>\(Self.escape(value))</t></is></c>"
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if columns > 0 && sheet.rows.count > 1 {
            xml += "<autoFilter ref=\"A1:\(Self.column(columns - 1))\(sheet.rows.count)\"/>"
        }
        return xml + "</worksheet>"
    }

    /// `A`, `B`, … `Z`, `AA`, … for a zero-based column index.
    static func column(_ index: Int) -> String {
        var index = index
        var letters = ""
        repeat {
            letters = String(UnicodeScalar(UInt8(65 + index % 26))) + letters
            index = index / 26 - 1
        } while index >= 0
        return letters
    }

    /// A name Excel accepts for a tab.
    static func sheetName(_ name: String) -> String {
        String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31))
    }

    /// Text escaped for XML 1.0, with the control characters it cannot hold left out.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension WorkingPaper {
    /// The working paper as a workbook: the rows of the CSV form on the sheet "Checklist", the
    /// audit's facts on the sheet "Audit".
    public var workbook: XLSXWriter {
        XLSXWriter(sheets: [
            .init(
                name: "Checklist", rows: [Self.header] + cells,
                widths: [8, 24, 11, 60, 6, 7, 13, 50, 30, 30, 40, 18, 18, 21]),
            .init(
                name: "Audit", rows: [["field", "value"]] + facts.map { [$0.0, $0.1] },
                widths: [14, 80]),
        ])
    }
}
