import AuditTestSupport
import Foundation
import ZIPFoundation

/// Writes .xlsx files the way Excel lays them out, from XML written in the test.
struct WorkbookBuilder {
    /// Sheets: name, the inside of `<sheetData>`, and what follows it (`<mergeCells>`).
    var sheets: [(name: String, rows: String, after: String)] = []
    var sharedStrings: [String] = []
    /// Custom number formats (id, code) and the cell styles' number format ids.
    var numberFormats: [(id: Int, code: String)] = [(164, "dd/mm/yyyy")]
    var cellFormats: [Int] = [0, 14, 164, 2]
    var date1904 = false
    /// Extra parts, or replacements: path → content.
    var parts: [String: String] = [:]
    /// Parts left out, as a damaged workbook lacks them.
    var omitted: Set<String> = []

    func write(to path: String) throws {
        var files: [(String, String)] = [
            (
                "[Content_Types].xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>
                """
            )
        ]
        let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let sheetList = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(sheet.name)\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }.joined()
        files.append(
            (
                "xl/workbook.xml",
                """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="\(relationships)"><workbookPr\(date1904 ? " date1904=\"1\"" : "")/><sheets>\(sheetList)</sheets></workbook>
                """
            ))
        // Relationships in reverse order, to prove sheets are found by id, not position.
        let rels = sheets.indices.reversed().map { index in
            "<Relationship Id=\"rId\(index + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }.joined()
        files.append(
            (
                "xl/_rels/workbook.xml.rels",
                "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"
            ))
        for (index, sheet) in sheets.enumerated() {
            files.append(
                (
                    "xl/worksheets/sheet\(index + 1).xml",
                    """
                    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                    <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\(sheet.rows)</sheetData>\(sheet.after)</worksheet>
                    """
                ))
        }
        if !sharedStrings.isEmpty {
            let items = sharedStrings.map {
                $0.hasPrefix("<") ? "<si>\($0)</si>" : "<si><t>\($0)</t></si>"
            }
            .joined()
            files.append(
                (
                    "xl/sharedStrings.xml",
                    "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(sharedStrings.count)\">\(items)</sst>"
                ))
        }
        let formats = numberFormats.map {
            "<numFmt numFmtId=\"\($0.id)\" formatCode=\"\($0.code)\"/>"
        }
        .joined()
        let xfs = cellFormats.map { "<xf numFmtId=\"\($0)\" fontId=\"0\"/>" }.joined()
        files.append(
            (
                "xl/styles.xml",
                """
                <?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>\(formats)</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs>\(xfs)</cellXfs></styleSheet>
                """
            ))
        for (name, content) in parts {
            files.removeAll { $0.0 == name }
            files.append((name, content))
        }
        files.removeAll { omitted.contains($0.0) }
        try? FileManager.default.removeItem(atPath: path)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, content) in files {
            let data = Data(content.utf8)
            try archive.addEntry(
                with: name, type: .file, uncompressedSize: Int64(data.count),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}

/// `<c>` elements for a row: each value is a shared string index (`s:3`), an inline string
/// (`i:text`), a number with a style (`n2:45352`), a boolean (`b:1`), an error (`e:#REF!`) or
/// a formula string (`f:text`).
func row(_ number: Int, _ cells: [String: String]) -> String {
    let body = cells.keys.sorted { lhs, rhs in
        (lhs.count, lhs) < (rhs.count, rhs)
    }.map { reference -> String in
        let value = cells[reference] ?? ""
        let parts = value.split(separator: ":", maxSplits: 1).map(String.init)
        let (kind, content) = (parts[0], parts.count > 1 ? parts[1] : "")
        switch kind.prefix(1) {
        case "s": return "<c r=\"\(reference)\(number)\" t=\"s\"><v>\(content)</v></c>"
        case "i":
            return "<c r=\"\(reference)\(number)\" t=\"inlineStr\"><is><t>\(content)</t></is></c>"
        case "b": return "<c r=\"\(reference)\(number)\" t=\"b\"><v>\(content)</v></c>"
        case "e": return "<c r=\"\(reference)\(number)\" t=\"e\"><v>\(content)</v></c>"
        case "f":
            return "<c r=\"\(reference)\(number)\" t=\"str\"><f>CONCAT(A1)</f><v>\(content)</v></c>"
        default:
            let style = kind.dropFirst()
            return
                "<c r=\"\(reference)\(number)\"\(style.isEmpty ? "" : " s=\"\(style)\"")><v>\(content)</v></c>"
        }
    }.joined()
    return "<row r=\"\(number)\">\(body)</row>"
}
