import AuditModel
import AuditTestSupport
import Foundation
import ImportKit
import ImportTransport
import Testing
import ZIPFoundation

@testable import XLSXImporter

@Suite struct XLSXEvidenceImporterTests {
    static let checklist = Checklist(
        id: "t", title: "T", standard: "ISO 9001", edition: "2015",
        clauses: [
            Clause(number: clause("7"), title: "Support"),
            Clause(number: clause("7.5"), title: "Documented information"),
            Clause(
                number: clause("8.5"), title: "Production and service provision",
                items: [ChecklistItem(id: "8.5-1", clause: clause("8.5"), question: "Q?")]),
            Clause(number: clause("10"), title: "Improvement"),
            Clause(number: clause("10.2"), title: "Nonconformity and corrective action"),
        ])

    static func read(
        _ book: WorkbookBuilder, sheet: String? = nil, headerRow: Int? = nil,
        mapping: [String: String] = [:], folder: TemporaryDirectory = TemporaryDirectory()
    ) throws -> (ImportResult, String) {
        let path = folder.path + "/register.xlsx"
        try book.write(to: path)
        var options = ImportOptions([
            "map": mapping.sorted { $0.key < $1.key }.map { "\($0)=\($1)" }
        ])
        options.set("sheet", sheet)
        options.set("header-row", headerRow.map(String.init))
        let request = ImportRequest(source: path, checklist: checklist, options: options)
        return (try XLSXEvidenceImporter().read(request), path)
    }

    /// With several sheets and none headed by known columns, the note says so, not that the
    /// first was chosen for its header.
    @Test func theNoteSaysWhenNoSheetHasAKnownHeader() throws {
        var book = WorkbookBuilder()
        book.sheets = [
            (
                "One",
                row(1, ["A": "i:Thing", "B": "i:Stuff"]) + row(2, ["A": "i:a", "B": "i:b"]), ""
            ),
            ("Two", row(1, ["A": "i:Other"]), ""),
        ]
        let (result, _) = try Self.read(book, mapping: ["title": "Thing"])
        #expect(
            result.diagnostics.contains {
                $0.message
                    == "no sheet's header names known columns; read the first, 'One'; choose"
                    + " another with --sheet, or name columns with --map"
            }, "\(result.diagnostics)")
    }

    /// Without `xl/_rels/workbook.xml.rels` nothing says which part holds which sheet, and
    /// `sheetN.xml` may be another tab's: refused, not guessed.
    @Test func aWorkbookWithoutItsRelationshipsIsRefused() throws {
        var book = WorkbookBuilder()
        book.sheets = [("Register", row(1, ["A": "i:Doc No."]) + row(2, ["A": "i:QM-01"]), "")]
        book.omitted = ["xl/_rels/workbook.xml.rels"]
        #expect {
            _ = try Self.read(book)
        } throws: { error in
            "\(error)".contains(
                "the workbook is damaged: it has no part 'xl/_rels/workbook.xml.rels'")
        }
        book.omitted = []
        book.parts["xl/_rels/workbook.xml.rels"] =
            "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"/>"
        #expect {
            _ = try Self.read(book)
        } throws: { error in
            "\(error)".contains("sheet 'Register' refers to relationship 'rId1'")
        }
    }

    /// A register as people keep it: a title row and a blank row above the header, a clause
    /// merged over three rows, dates as dates, every cell type.
    static var register: WorkbookBuilder {
        var book = WorkbookBuilder()
        book.sharedStrings = [
            "ACME Widgets — document register", "Doc No.", "Title", "ISO clause", "Issue date",
            "Next review", "Type", "QP-7.5-01",
            "Control of &lt;b&gt;documented&lt;/b&gt; information",
            "<r><t>Production </t></r><r><rPr><b/></rPr><t>plan</t></r><rPh><t>ignored</t></rPh>",
            "Procedure", "Record",
        ]
        book.sheets = [
            (
                "Register",
                row(1, ["A": "s:0"])
                    + row(
                        3, ["A": "s:1", "B": "s:2", "C": "s:3", "D": "s:4", "E": "s:5", "F": "s:6"])
                    + row(
                        4,
                        [
                            "A": "s:7", "B": "s:8", "C": "n:7.5", "D": "n1:46042", "E": "n2:46407",
                            "F": "s:10",
                        ])
                    + row(
                        5,
                        [
                            "A": "i:REC-8.5-02", "B": "s:9", "C": "n:8.5", "D": "n2:46054",
                            "F": "s:11",
                        ])
                    + row(6, ["A": "i:REC-8.5-03", "B": "f:Traveller 2026-118", "F": "s:11"])
                    + row(7, ["A": "i:REC-8.5-04", "B": "i:Line clearance", "D": "e:#REF!"])
                    + "<row r=\"8\"/>"
                    + row(9, ["A": "i:  ", "H": "i:stray"])
                    + row(10, ["A": "n:42", "B": "b:1", "C": "n:10.2"]),
                "<mergeCells count=\"1\"><mergeCell ref=\"C5:C7\"/></mergeCells>"
            )
        ]
        return book
    }

    @Test func readsARegisterWithTitleRowsMergedCellsDatesAndEveryCellType() throws {
        let folder = TemporaryDirectory()
        let (result, path) = try Self.read(Self.register, folder: folder)
        let location = path + "[Register]"
        #expect(result.sourceName == "xlsx:" + path + "#Register")
        var request = ImportRequest(source: path, checklist: Self.checklist)
        #expect(try XLSXEvidenceImporter.sourceName(for: request) == "xlsx:\(path)#Register")
        request.options.set("sheet", "1")
        #expect(try XLSXEvidenceImporter.sourceName(for: request) == "xlsx:\(path)#Register")
        #expect(
            result.drafts.map(\.naturalKey) == [
                "QP-7.5-01", "REC-8.5-02", "REC-8.5-03", "REC-8.5-04", "42",
            ])
        let first = result.drafts[0]
        #expect(first.title == "Control of <b>documented</b> information")
        #expect(first.clauses == [clause("7.5")])
        #expect(first.effectiveDate == "2026-01-20")  // built-in format 14
        #expect(first.reviewDate == "2027-01-20")  // custom dd/mm/yyyy
        #expect(first.kind == .document)
        let second = result.drafts[1]
        #expect(second.title == "Production plan")  // rich text runs, phonetic text left out
        #expect(second.kind == .record && second.effectiveDate == "2026-02-01")
        // C5:C7 is merged: rows 6 and 7 carry clause 8.5 too.
        #expect(result.drafts[2].clauses == [clause("8.5")])
        #expect(result.drafts[2].title == "Traveller 2026-118")  // formula's cached text
        #expect(result.drafts[3].clauses == [clause("8.5")])
        #expect(result.drafts[4].title == "TRUE" && result.drafts[4].clauses == [clause("10.2")])
        let messages = result.diagnostics.map(\.description)
        #expect(
            messages.contains(
                "\(location):7:4: warning: the cell holds the error #REF!; it is read as empty"))
        #expect(
            messages.contains(
                "\(location):9:8: warning: column H has values but no header; it is not read"))
        #expect(
            messages.contains(
                "\(location):9:1: error: the row has neither a title nor a document number"))
    }

    @Test func theHeaderRowCanBeGiven() throws {
        var book = WorkbookBuilder()
        book.sheets = [
            (
                "S",
                row(1, ["A": "i:Master list", "B": "i:Page 1 of 1"])
                    + row(2, ["A": "i:Doc No.", "B": "i:Title"])
                    + row(3, ["A": "i:QM-01", "B": "i:Quality manual"]), ""
            )
        ]
        let (found, _) = try Self.read(book)
        #expect(found.drafts.map(\.naturalKey) == ["QM-01"])  // "Doc No." names a field
        let (given, _) = try Self.read(book, headerRow: 1, mapping: ["title": "Master list"])
        #expect(given.drafts.map(\.naturalKey) == ["Doc No.", "QM-01"])
        let (empty, path) = try Self.read(book, headerRow: 7)
        #expect(
            empty.diagnostics.map(\.description) == [
                "\(path)[S]:7:1: error: row 7 is empty; name the header row with --header-row N"
            ])
    }

    @Test func sheetsAreChosenByNameOrNumber() throws {
        var book = WorkbookBuilder()
        book.sheets = [
            ("Cover", row(1, ["A": "i:Nothing here"]), ""),
            (
                "Documents", row(1, ["A": "i:Title", "B": "i:Clause"]) + row(2, ["A": "i:Manual"]),
                ""
            ),
        ]
        let (byName, path) = try Self.read(book, sheet: "documents")
        #expect(byName.drafts.map(\.title) == ["Manual"])
        #expect(byName.sourceName == "xlsx:\(path)#Documents")
        // Without --sheet, the first sheet whose header names known columns is read.
        let (found, _) = try Self.read(book)
        #expect(found.drafts.map(\.title) == ["Manual"])
        #expect(
            found.diagnostics.map(\.description).first
                == "note: read sheet 'Documents', the first whose header names known columns; choose another with --sheet"
        )
        let (byNumber, _) = try Self.read(book, sheet: "2")
        #expect(byNumber.drafts.map(\.title) == ["Manual"])
        let error = #expect(throws: ImportError.self) { try Self.read(book, sheet: "Records") }
        #expect(
            error?.description.hasSuffix(
                "the workbook has no sheet 'Records'; its sheets are 1 'Cover', 2 'Documents'")
                == true)
    }

    @Test func aFilledInChecklistBringsItsAnswers() throws {
        var book = WorkbookBuilder()
        book.sheets = [
            (
                "Checklist",
                row(1, ["A": "i:Item", "B": "i:Result", "C": "i:Comments"])
                    + row(2, ["A": "i:8.5-1", "B": "i:NC", "C": "i:Traveller not signed"]), ""
            )
        ]
        let (result, _) = try Self.read(book)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(result.answers.map(\.itemID) == ["8.5-1"])
        // "NC" says nonconforming, not how badly: a draft to grade, whatever the case.
        #expect(result.answers.first?.verdict == .nonconforming)
        #expect(result.answers.first?.note == "Traveller not signed")
    }

    @Test func the1904DateSystemIsHonoured() throws {
        var book = WorkbookBuilder()
        book.date1904 = true
        book.sheets = [
            (
                "S",
                row(1, ["A": "i:Title", "B": "i:Date"]) + row(2, ["A": "i:X", "B": "n1:44580"]), ""
            )
        ]
        let (result, _) = try Self.read(book)
        #expect(result.drafts.first?.effectiveDate == "2026-01-20")
    }

    @Test func malformedSheetXMLIsAnErrorWithItsPosition() throws {
        var book = WorkbookBuilder()
        book.sheets = [
            ("S", row(1, ["A": "i:Title"]) + "<row r=\"2\"><c r=\"A2\"><v>1</x></c></row>", "")
        ]
        let error = #expect(throws: ImportError.self) { try Self.read(book) }
        let text = error?.description ?? ""
        #expect(text.contains("register.xlsx: xl/worksheets/sheet1.xml:2:"))
        #expect(text.contains("Opening and ending tag mismatch: v"))
    }

    // MARK: - Files that are not workbooks

    @Test func filesThatAreNotWorkbooksAreNamedForWhatTheyAre() throws {
        let folder = TemporaryDirectory()
        func reason(_ name: String, _ bytes: [UInt8]) -> String {
            let path = folder.path + "/" + name
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            do {
                _ = try XLSXEvidenceImporter().read(
                    ImportRequest(source: path, checklist: Self.checklist))
                return "read"
            } catch {
                return "\(error)"
            }
        }
        #expect(
            reason("a.xlsx", Array("Title;Clause\n".utf8)).contains("it is not an Excel workbook"))
        #expect(reason("b.xlsx", []).contains("the file is empty"))
        let ole: [UInt8] =
            [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 600)
        let encrypted =
            ole + Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        #expect(
            reason("c.xlsx", encrypted).contains("the workbook is encrypted (password-protected)"))
        #expect(reason("d.xls", ole).contains("Excel 97-2003 workbook (.xls)"))
        let missing = folder.path + "/none.xlsx"
        let error = #expect(throws: ImportError.self) {
            _ = try XLSXEvidenceImporter().read(
                ImportRequest(source: missing, checklist: Self.checklist))
        }
        #expect(error?.description.hasSuffix("no such file") == true)
        try FileManager.default.createDirectory(
            atPath: folder.path + "/folder.xlsx", withIntermediateDirectories: true)
        let isFolder = #expect(throws: ImportError.self) {
            _ = try XLSXEvidenceImporter().read(
                ImportRequest(source: folder.path + "/folder.xlsx", checklist: Self.checklist))
        }
        #expect(isFolder?.description.hasSuffix("it is a folder") == true)
    }

    /// A deflate stream that runs past its part is an error, not a hang (found by `make fuzz`).
    ///
    /// One byte changed in the shared strings' stream made it run past its part, and
    /// ZIPFoundation's extraction then read on at the end of the file forever. Parts are now
    /// inflated from their own bytes only.
    @Test func aDeflateStreamThatRunsPastItsPartIsAnErrorNotAHang() throws {
        let folder = TemporaryDirectory()
        var bytes = [UInt8](
            try Data(
                contentsOf: URL(
                    fileURLWithPath: Fixture.packageRoot
                        + "/examples/acme-widgets/Records register.xlsx")))
        try #require(bytes.count == 7_569, "the example workbook changed; find the byte again")
        bytes[6_751] = 0x3A
        let path = folder.path + "/damaged.xlsx"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        let error = #expect(throws: ImportError.self) {
            _ = try XLSXEvidenceImporter().read(
                ImportRequest(source: path, checklist: Self.checklist))
        }
        #expect(
            error?.description.contains("the workbook is damaged: part 'xl/sharedStrings.xml'")
                == true, "\(String(describing: error))")
    }

    /// A sheet whose XML breaks early, with megabytes still to inflate behind the break, ends
    /// the import with an error instead of leaving it waiting on the inflating thread (found
    /// by `make fuzz`).
    @Test func aSheetThatBreaksEarlyDoesNotLeaveTheImportWaiting() throws {
        var book = WorkbookBuilder()
        let rows = (2..<40_000).map { row($0, ["A": "i:Record \($0)", "B": "i:7.5"]) }.joined()
        book.sheets = [
            (
                "Register",
                row(1, ["A": "i:Title", "B": "i:ISO clause"]) + "<row r=\"2\"><c<" + rows, ""
            )
        ]
        let folder = TemporaryDirectory()
        let path = folder.path + "/broken.xlsx"
        try book.write(to: path)
        let started = Date()
        #expect(throws: ImportError.self) {
            _ = try XLSXEvidenceImporter().read(
                ImportRequest(source: path, checklist: Self.checklist))
        }
        #expect(Date().timeIntervalSince(started) < 10)
    }

    /// The workbooks `make fuzz` found are refused as damaged, promptly.
    ///
    /// They are kept in its corpus: a deflate stream that runs past its part, a short last
    /// chunk zlib read past, a sheet broken early.
    @Test(arguments: [
        "regression-endless-stream", "regression-short-chunk", "regression-early-break",
    ])
    func workbooksTheFuzzerFoundAreRefused(name: String) throws {
        let path = Fixture.packageRoot + "/Fuzz/corpus/FuzzXLSX/\(name).xlsx"
        let started = Date()
        let error = #expect(throws: ImportError.self) {
            _ = try XLSXEvidenceImporter().read(
                ImportRequest(source: path, checklist: Self.checklist))
        }
        #expect(
            error?.description.contains("the workbook is damaged") == true,
            "\(String(describing: error))")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func damagedArchivesAreErrors() throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/book.xlsx"
        try Self.register.write(to: path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // Cut off the central directory: the ZIP cannot be opened.
        let truncated = folder.path + "/truncated.xlsx"
        _ = FileManager.default.createFile(
            atPath: truncated, contents: Data(bytes.prefix(bytes.count / 2)))
        let cut = #expect(throws: ImportError.self) {
            _ = try XLSXEvidenceImporter().read(
                ImportRequest(source: truncated, checklist: Self.checklist))
        }
        #expect(cut?.description.contains("the workbook is damaged") == true)
        // Flip bytes inside the workbook part's compressed data: unpacking or its checksum fails.
        let name = try #require(bytes.firstRange(of: Array("xl/workbook.xml".utf8)))
        for offset in name.upperBound + 10..<name.upperBound + 40 { bytes[offset] ^= 0x5A }
        let flipped = folder.path + "/flipped.xlsx"
        _ = FileManager.default.createFile(atPath: flipped, contents: Data(bytes))
        let damaged = #expect(throws: ImportError.self) {
            _ = try XLSXEvidenceImporter().read(
                ImportRequest(source: flipped, checklist: Self.checklist))
        }
        #expect(damaged?.description.contains("damaged") == true)
    }

    @Test(
        arguments: [
            ("sheet.ods", "mimetype", "it is an OpenDocument file (.ods)"),
            ("book.xlsb", "xl/workbook.bin", "it is a binary workbook (.xlsb)"),
            ("photos.xlsx", "IMG_0001.jpg", "it is a ZIP archive but not an Excel workbook"),
        ])
    func aZIPThatIsNotAWorkbookIsNamed(name: String, entry: String, reason: String) throws {
        let folder = TemporaryDirectory()
        let path = folder.path + "/" + name
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        let data = Data("content".utf8)
        try archive.addEntry(with: entry, type: .file, uncompressedSize: Int64(data.count)) {
            position, size in data.subdata(in: Int(position)..<Int(position) + size)
        }
        let error = #expect(throws: ImportError.self) {
            _ = try XLSXEvidenceImporter().read(
                ImportRequest(source: path, checklist: Self.checklist))
        }
        #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
    }

    // MARK: - Pieces

    @Test func serialDates() {
        #expect(SerialDate.text(1, from1904: false) == "1900-01-01")
        #expect(SerialDate.text(61, from1904: false) == "1900-03-01")
        #expect(SerialDate.text(45352.75, from1904: false) == "2024-03-01")
        #expect(SerialDate.text(0, from1904: true) == "1904-01-01")
        #expect(SerialDate.text(-1, from1904: false) == nil)
        #expect(SerialDate.text(9_999_999, from1904: false) == nil)
    }

    @Test func cellReferencesAndNumbers() {
        #expect(CellReference.parse("AB12")! == (12, 27))
        #expect(CellReference.parse("$C$7")! == (7, 2))
        #expect(CellReference.parse("12") == nil)
        #expect(CellReference.column(of: "XFD1048576") == 16383)
        #expect(CellReference.letters(27) == "AB")
        #expect(
            MergedRange("C7:A2")
                == MergedRange(firstRow: 2, firstColumn: 0, lastRow: 7, lastColumn: 2))
        #expect(NumberText.shown("7.5") == "7.5")
        #expect(NumberText.shown("0.30000000000000004") == "0.3")
        #expect(NumberText.shown("1E-3") == "0.001")
        #expect(NumberText.shown("3.0000000000000000") == "3")
    }

    @Test func dateFormatsAreRecognised() {
        #expect(Workbook.isDateFormat("dd/mm/yyyy"))
        #expect(Workbook.isDateFormat("[$-409]d-mmm-yy;@"))
        #expect(!Workbook.isDateFormat("0.00"))
        #expect(!Workbook.isDateFormat("#,##0 \"days\""))
        #expect(!Workbook.isDateFormat("[Red]0.0"))
        #expect(!Workbook.isDateFormat("General"))
    }

    @Test func mergedRangesAreFoundInTheBytes() {
        let xml = Array(
            "<worksheet><sheetData><row><c><v>&lt;mergeCell ref=\"Z1:Z9\"/&gt;</v></c></row></sheetData><mergeCells><mergeCell ref=\"A2:B3\"/><x:mergeCell ref=\"D4:D9\"/></mergeCells></worksheet>"
                .utf8)
        #expect(
            MergedRange.all(in: xml) == [
                MergedRange(firstRow: 2, firstColumn: 0, lastRow: 3, lastColumn: 1),
                MergedRange(firstRow: 4, firstColumn: 3, lastRow: 9, lastColumn: 3),
            ])
    }
}
