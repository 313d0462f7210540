import AuditModel
import AuditXML
import Foundation
import ImportKit

/// One row of a worksheet as Excel shows it: its number and the text of each non-empty cell.
struct SheetRow {
    /// The 1-based row number.
    var number: Int
    /// Non-empty cells by 0-based column, in column order.
    var cells: [(column: Int, text: String)]
}

/// Reads a worksheet part row by row: cell types resolved (shared strings, inline strings,
/// booleans, errors, formula results), dates shown as dates, merged cells filled.
final class SheetReader {
    private let reader: XMLStreamReader
    /// What fills the reader: the part inflated on its own thread.
    private let stream: PartStream
    private let part: String
    private let workbook: Workbook
    private let location: String
    private let merges: [MergedRange]
    private var mergeValues: [Int: String] = [:]
    /// Problems found in cells (error values), with their positions.
    private(set) var diagnostics: [Diagnostic] = []

    // Interned element and attribute names: compared by pointer on every node.
    private let rowName, cellName, valueName, inlineName, textName, phoneticName: XMLName
    private let referenceName, typeName, styleName: XMLName
    private var lastRow = 0

    /// Reads the worksheet `part` of `workbook`; diagnostics about cells name `location`,
    /// malformed XML names the part.
    init(part: String, workbook: Workbook, location: String) throws {
        try workbook.loadSharedParts()
        merges = try workbook.mergedRanges(in: part)
        (stream, reader) = try workbook.stream(part)
        self.part = part
        self.workbook = workbook
        self.location = location
        rowName = reader.intern("row")
        cellName = reader.intern("c")
        valueName = reader.intern("v")
        inlineName = reader.intern("is")
        textName = reader.intern("t")
        phoneticName = reader.intern("rPh")
        referenceName = reader.intern("r")
        typeName = reader.intern("t")
        styleName = reader.intern("s")
    }

    /// The next row that has at least one cell element, or `nil` after the last.
    ///
    /// - Throws: `ImportError.invalid` when the worksheet's XML is malformed.
    func next() throws -> SheetRow? {
        do {
            let row = try readRow()
            if row == nil { try stopped() }
            return row
        } catch let error as XMLReadError {
            // A part cut short by its limits reads as malformed: say why it was cut.
            try stopped()
            throw ImportError.invalid(path: workbook.path, diagnostics: error.diagnostics)
        }
    }

    /// Throws why the inflating thread stopped early, if it did.
    private func stopped() throws {
        if let failure = stream.finish() {
            throw Workbook.refused(part, failure, path: workbook.path)
        }
    }

    private func readRow() throws -> SheetRow? {
        var row = SheetRow(number: 0, cells: [])
        var inRow = false
        var column = -1
        var type = ""
        var style = -1
        var text = ""
        var collecting = false
        var inInline = false
        var phoneticDepth = -1
        while try reader.read() {
            switch reader.kind {
            case .element:
                let name = reader.name
                if name == rowName {
                    var number = lastRow + 1
                    reader.forEachAttribute { attribute, _, value in
                        if attribute == referenceName, let given = Int(value) { number = given }
                    }
                    lastRow = number
                    row = SheetRow(number: number, cells: [])
                    column = -1
                    if reader.isEmptyElement { return finish(row) }
                    inRow = true
                } else if name == cellName, inRow {
                    var reference = ""
                    type = ""
                    style = -1
                    reader.forEachAttribute { attribute, _, value in
                        if attribute == referenceName {
                            reference = value
                        } else if attribute == typeName {
                            type = value
                        } else if attribute == styleName {
                            style = Int(value) ?? -1
                        }
                    }
                    column = CellReference.column(of: reference) ?? column + 1
                    text = ""
                    if reader.isEmptyElement { continue }
                } else if name == valueName, !reader.isEmptyElement {
                    collecting = true
                } else if name == inlineName {
                    inInline = !reader.isEmptyElement
                } else if name == textName, inInline, phoneticDepth < 0 {
                    collecting = !reader.isEmptyElement
                } else if name == phoneticName, !reader.isEmptyElement {
                    phoneticDepth = reader.depth
                }
            case .text, .cdata, .whitespace:
                if collecting { text += reader.value }
            case .endElement:
                let name = reader.name
                if name == valueName || name == textName {
                    collecting = false
                } else if name == phoneticName, reader.depth == phoneticDepth {
                    phoneticDepth = -1
                } else if name == inlineName {
                    inInline = false
                } else if name == cellName, inRow {
                    let value = resolve(
                        text, type: type, style: style, row: row.number, column: column)
                    if !value.isEmpty { row.cells.append((column, value)) }
                } else if name == rowName {
                    return finish(row)
                }
            case .other: break
            }
        }
        return nil
    }

    /// The text a cell shows, from its stored value and type.
    private func resolve(_ raw: String, type: String, style: Int, row: Int, column: Int) -> String {
        switch type {
        case "s":
            guard let index = Int(raw), workbook.sharedStrings.indices.contains(index) else {
                diagnostics.append(
                    .warning(
                        "the cell refers to shared string \(raw), which the workbook does not have",
                        at: SourceLocation(path: location, line: row, column: column + 1)))
                return ""
            }
            return workbook.sharedStrings[index]
        case "inlineStr", "str": return raw
        case "b": return raw == "1" ? "TRUE" : raw == "0" ? "FALSE" : raw
        case "e":
            diagnostics.append(
                .warning(
                    "the cell holds the error \(raw); it is read as empty",
                    at: SourceLocation(path: location, line: row, column: column + 1)))
            return ""
        case "d": return raw
        default:
            if raw.isEmpty { return "" }
            if style >= 0, style < workbook.dateStyles.count, workbook.dateStyles[style],
                let serial = Double(raw)
            {
                return SerialDate.text(serial, from1904: workbook.uses1904Dates) ?? raw
            }
            return NumberText.shown(raw)
        }
    }

    /// Fills the cells of merged ranges from their top-left cell.
    private func finish(_ row: SheetRow) -> SheetRow {
        guard !merges.isEmpty else { return row }
        var row = row
        for (index, range) in merges.enumerated()
        where range.firstRow <= row.number && row.number <= range.lastRow {
            if row.number == range.firstRow {
                mergeValues[index] =
                    row.cells.first(where: { $0.column == range.firstColumn })?.text ?? ""
            }
            guard let value = mergeValues[index], !value.isEmpty else { continue }
            for column in range.firstColumn...range.lastColumn
            where !(row.number == range.firstRow && column == range.firstColumn) {
                if let existing = row.cells.firstIndex(where: { $0.column == column }) {
                    row.cells[existing].text = value
                } else {
                    row.cells.append((column, value))
                }
            }
            row.cells.sort { $0.column < $1.column }
        }
        return row
    }
}

/// A rectangle of merged cells, 1-based rows and 0-based columns.
struct MergedRange: Equatable {
    var firstRow: Int
    var firstColumn: Int
    var lastRow: Int
    var lastColumn: Int

    /// The merged ranges a worksheet part declares (`<mergeCell ref="A2:A5"/>`), found in its
    /// bytes: they follow the rows, and a streaming read of the rows needs them first.
    static func all(in bytes: [UInt8]) -> [MergedRange] {
        let needle = Array("mergeCell ".utf8)
        let reference = Array("ref=\"".utf8)
        var ranges: [MergedRange] = []
        var index = 0
        let end = bytes.count
        while index < end {
            // Markup starts with '<': text cannot hold a raw '<', so this finds tags only.
            guard bytes[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            var start = index + 1
            // An optional prefix: <x:mergeCell …>
            var probe = start
            while probe < end, probe < start + 16, bytes[probe] != UInt8(ascii: ":"),
                bytes[probe] != UInt8(ascii: " "), bytes[probe] != UInt8(ascii: ">")
            {
                probe += 1
            }
            if probe < end, bytes[probe] == UInt8(ascii: ":") { start = probe + 1 }
            index += 1
            guard start + needle.count <= end,
                bytes[start..<start + needle.count].elementsEqual(needle)
            else { continue }
            var cursor = start + needle.count
            while cursor + reference.count <= end, bytes[cursor] != UInt8(ascii: ">") {
                if bytes[cursor..<cursor + reference.count].elementsEqual(reference) {
                    let valueStart = cursor + reference.count
                    var valueEnd = valueStart
                    while valueEnd < end, bytes[valueEnd] != UInt8(ascii: "\"") { valueEnd += 1 }
                    let text = String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)
                    if let range = MergedRange(text) { ranges.append(range) }
                    break
                }
                cursor += 1
            }
            index = cursor
        }
        return ranges
    }

    /// `A2:C5` → rows 2…5, columns 0…2.
    init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let first = CellReference.parse(String(parts[0])),
            let last = CellReference.parse(String(parts[1]))
        else { return nil }
        self.init(
            firstRow: min(first.row, last.row), firstColumn: min(first.column, last.column),
            lastRow: max(first.row, last.row), lastColumn: max(first.column, last.column))
    }

    init(firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int) {
        self.firstRow = firstRow
        self.firstColumn = firstColumn
        self.lastRow = lastRow
        self.lastColumn = lastColumn
    }
}

/// Cell references such as `AB12`.
enum CellReference {
    /// `AB12` → row 12, column 27 (0-based); `nil` when it is not a reference.
    static func parse(_ text: String) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "$"): continue
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            default: return nil
            }
        }
        guard letters > 0, letters <= 3, digits > 0 else { return nil }
        return (row, column - 1)
    }

    /// The 0-based column of a reference such as `C7`, or `nil`.
    static func column(of text: String) -> Int? {
        var column = 0
        var letters = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "$"): continue
            default:
                return letters > 0 ? column - 1 : nil
            }
        }
        return letters > 0 ? column - 1 : nil
    }

    /// The letters of a 0-based column: 0 → `A`, 27 → `AB`.
    static func letters(_ column: Int) -> String {
        var value = column + 1
        var letters: [Character] = []
        while value > 0 {
            let remainder = (value - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + remainder))), at: 0)
            value = (value - 1) / 26
        }
        return String(letters)
    }
}

/// Excel's serial dates: days since 1899-12-30 (or 1904-01-01), time as the fraction.
enum SerialDate {
    /// `45352` → `2024-03-01`; `nil` for serials outside 1900–2999.
    static func text(_ serial: Double, from1904: Bool) -> String? {
        guard serial.isFinite, serial >= 0 else { return nil }
        var days = Int(serial.rounded(.down))
        if from1904 {
            days += 1462
        } else if days < 61 {
            // Excel counts 1900-02-29, which did not exist: serials before it are one off.
            days += 1
        }
        // Days from 1899-12-30 to 1970-01-01 are 25,569.
        let text = CalendarDate(day: days - 25_569).description
        guard text.utf8.count == 10, let year = Int(text.prefix(4)), (1900...2999).contains(year)
        else { return nil }
        return text
    }
}

/// Numbers as Excel stores them, shown as people typed them.
enum NumberText {
    /// `7.5` stays `7.5`; `0.30000000000000004` becomes `0.3`; `1E-3` becomes `0.001`.
    static func shown(_ raw: String) -> String {
        let significant = raw.utf8.filter { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            .count
        guard significant > 15 || raw.contains("E") || raw.contains("e"), let value = Double(raw)
        else { return raw }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        var text = String(format: "%.15g", value)
        if text.contains("e") { return text }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}
