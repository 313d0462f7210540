import AuditXML
import BoundedZip
import Foundation
import ImportKit
import ZIPFoundation

/// An Excel workbook (.xlsx) opened for reading: its sheets, shared strings and date styles.
///
/// An .xlsx file is a ZIP archive of XML parts. Each part is read in memory, one at a time,
/// through libxml2's streaming reader; nothing is extracted to disk.
final class Workbook {
    /// One worksheet: its name and the part that holds it.
    struct Sheet {
        var name: String
        var part: String
    }

    let path: String
    private let archive: Archive
    private let url: URL
    /// How much a part may inflate to.
    let limits: PartLimits
    /// The worksheets, in workbook order.
    let sheets: [Sheet]
    /// The shared string table (cells of type `s` hold an index into it), read on first use.
    private(set) var sharedStrings: [String] = []
    /// Per cell style (the `s` attribute), whether its number format shows a date.
    private(set) var dateStyles: [Bool] = []
    private var loaded = false
    /// Whether serial dates count from 1904 (old Mac workbooks) rather than 1900.
    private(set) var uses1904Dates = false

    /// Opens the workbook at `file`, named `name` in messages (`file` itself by default).
    ///
    /// - Throws: `ImportError.unreadable` naming what the file is when it is not a readable
    ///   .xlsx workbook: missing, not a ZIP, encrypted, an old .xls, another format, damaged.
    init(path file: String, named name: String? = nil, limits: PartLimits = PartLimits()) throws {
        self.limits = limits
        url = URL(fileURLWithPath: file)
        let path = name ?? file
        self.path = path
        try Self.checkFileKind(file, named: path)
        do {
            archive = try Archive(url: URL(fileURLWithPath: file), accessMode: .read)
        } catch {
            throw ImportError.unreadable(
                path: path, reason: "the workbook is damaged: its ZIP directory cannot be read")
        }
        guard archive["xl/workbook.xml"] != nil else {
            let reason: String
            if archive["xl/workbook.bin"] != nil {
                reason = "it is a binary workbook (.xlsb); save it as an Excel workbook (.xlsx)"
            } else if archive["mimetype"] != nil || archive["content.xml"] != nil {
                reason = "it is an OpenDocument file (.ods); save it as an Excel workbook (.xlsx)"
            } else {
                reason = "it is a ZIP archive but not an Excel workbook (no xl/workbook.xml)"
            }
            throw ImportError.unreadable(path: path, reason: reason)
        }
        var names: [(name: String, relation: String)] = []
        var date1904 = false
        try Self.parse(
            try Self.read(
                "xl/workbook.xml", from: archive, file: file, path: path, limits: limits),
            name: "xl/workbook.xml",
            path: path
        ) {
            reader in
            guard reader.kind == .element else { return }
            switch reader.localName {
            case "sheet":
                var name = ""
                var relation = ""
                for (local, namespace, value) in reader.attributes() {
                    if local == "name" && namespace == nil { name = value }
                    if local == "id" && namespace?.hasSuffix("/relationships") == true {
                        relation = value
                    }
                }
                names.append((name, relation))
            case "workbookPr":
                for (name, _, value) in reader.attributes() {
                    if name == "date1904" {
                        date1904 = value == "1" || value == "true"
                    }
                }
            default: break
            }
        }
        var targets: [String: String] = [:]
        // Without its relationships the workbook does not say which part holds which sheet;
        // `sheetN.xml` is often another tab's data once tabs were moved, so nothing is guessed.
        guard
            let rels = try Self.readIfPresent(
                "xl/_rels/workbook.xml.rels", from: archive, file: file, path: path,
                limits: limits)
        else {
            throw ImportError.unreadable(
                path: path,
                reason:
                    "the workbook is damaged: it has no part 'xl/_rels/workbook.xml.rels', so"
                    + " which part holds which sheet is unknown; open it in Excel and save it again"
            )
        }
        try Self.parse(rels, name: "xl/_rels/workbook.xml.rels", path: path) { reader in
            guard reader.kind == .element, reader.localName == "Relationship" else { return }
            var id = ""
            var target = ""
            for (name, _, value) in reader.attributes() {
                switch name {
                case "Id": id = value
                case "Target": target = value
                default: break
                }
            }
            targets[id] = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
        }
        var sheets: [Sheet] = []
        for entry in names {
            guard let part = targets[entry.relation] else {
                throw ImportError.unreadable(
                    path: path,
                    reason:
                        "the workbook is damaged: sheet '\(entry.name)' refers to relationship"
                        + " '\(entry.relation)', which xl/_rels/workbook.xml.rels does not list;"
                        + " open it in Excel and save it again")
            }
            sheets.append(Sheet(name: entry.name, part: part))
        }
        self.sheets = sheets
        uses1904Dates = date1904
    }

    /// Reads the shared strings and styles, once, before the first sheet is read.
    ///
    /// - Throws: `ImportError` when either part is damaged or malformed.
    func loadSharedParts() throws {
        guard !loaded else { return }
        loaded = true
        try loadSharedStrings()
        try loadStyles()
    }

    // MARK: - File kind

    /// Refuses files that are not ZIP archives, naming what they are instead.
    private static func checkFileKind(_ file: String, named path: String) throws {
        // A folder opens for reading on Linux (and then reads as nothing): ask first.
        var isFolder: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: file, isDirectory: &isFolder)
        guard exists, !isFolder.boolValue, let handle = FileHandle(forReadingAtPath: file) else {
            throw ImportError.unreadable(
                path: path,
                reason: !exists
                    ? "no such file" : isFolder.boolValue ? "it is a folder" : "permission denied")
        }
        defer { try? handle.close() }
        let head = [UInt8]((try? handle.read(upToCount: 8)) ?? Data())
        if head.starts(with: [0x50, 0x4B]) { return }
        if head == [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] {
            // An OLE2 compound file: a password-protected .xlsx keeps its workbook in an
            // "EncryptedPackage" stream; otherwise it is an Excel 97-2003 .xls.
            if containsUTF16(handle: handle, "EncryptedPackage") {
                throw ImportError.unreadable(
                    path: path,
                    reason:
                        "the workbook is encrypted (password-protected); save a copy without a"
                        + " password and import that")
            }
            throw ImportError.unreadable(
                path: path,
                reason:
                    "it is an Excel 97-2003 workbook (.xls); save it as an Excel workbook (.xlsx)")
        }
        if head.isEmpty {
            throw ImportError.unreadable(path: path, reason: "the file is empty")
        }
        throw ImportError.unreadable(
            path: path, reason: "it is not an Excel workbook (.xlsx is a ZIP archive; this is not)")
    }

    private static func containsUTF16(handle: FileHandle, _ text: String) -> Bool {
        let needle = Array(text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        try? handle.seek(toOffset: 0)
        var carry: [UInt8] = []
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            let window = carry + chunk
            if window.firstRange(of: needle) != nil { return true }
            carry = Array(window.suffix(needle.count))
        }
        return false
    }

    // MARK: - Parts

    /// The error for part `name` of the workbook at `path` breaking a limit (`problem`).
    static func refused(_ name: String, _ problem: String, path: String) -> ImportError {
        .unreadable(path: path, reason: "part '\(name)' is refused: \(problem)")
    }

    private static func read(
        _ name: String, from archive: Archive, file: String, path: String, limits: PartLimits
    ) throws -> [UInt8] {
        guard
            let bytes = try readIfPresent(
                name, from: archive, file: file, path: path, limits: limits)
        else {
            throw ImportError.unreadable(
                path: path, reason: "the workbook is damaged: it has no part '\(name)'")
        }
        return bytes
    }

    private static func readIfPresent(
        _ name: String, from archive: Archive, file: String, path: String, limits: PartLimits
    ) throws -> [UInt8]? {
        guard let entry = archive[name] else { return nil }
        try check(entry, name: name, path: path, limits: limits)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(clamping: min(entry.uncompressedSize, 1 << 26)))
        let checksum: UInt32
        let compressed = Int(clamping: entry.compressedSize)
        do {
            checksum = try BoundedExtraction.extract(entry, from: archive, path: file) {
                bytes.append(contentsOf: $0)
                if let problem = limits.problem(inflated: bytes.count, compressed: compressed) {
                    throw refused(name, problem, path: path)
                }
            }
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError.unreadable(
                path: path, reason: "the workbook is damaged: part '\(name)' cannot be unpacked")
        }
        if checksum != entry.checksum || bytes.count != Int(clamping: entry.uncompressedSize) {
            throw ImportError.unreadable(
                path: path,
                reason: "the workbook is damaged: part '\(name)' fails its checksum")
        }
        return bytes
    }

    /// Refuses a part whose declared size breaks the limits, before inflating any of it.
    private static func check(_ entry: Entry, name: String, path: String, limits: PartLimits)
        throws
    {
        if let problem = limits.problem(
            inflated: Int(clamping: entry.uncompressedSize),
            compressed: Int(clamping: entry.compressedSize))
        {
            throw refused(name, problem, path: path)
        }
    }

    /// The worksheet part `name` inflated on a thread of its own into an XML reader, so it is
    /// never held whole (`PartStream`).
    ///
    /// - Throws: `ImportError.unreadable` when the part is missing or its declared size
    ///   breaks the limits.
    func stream(_ name: String) throws -> (PartStream, XMLStreamReader) {
        guard let entry = archive[name] else {
            throw ImportError.unreadable(
                path: path, reason: "the workbook is damaged: it has no part '\(name)'")
        }
        try Self.check(entry, name: name, path: path, limits: limits)
        let stream = try PartStream(url: url, part: name, limits: limits)
        do {
            return (
                stream, try XMLStreamReader(descriptor: stream.descriptor, name: path + ": " + name)
            )
        } catch let error as XMLReadError {
            _ = stream.finish()
            throw ImportError.invalid(path: path, diagnostics: error.diagnostics)
        }
    }

    /// The merged cells of worksheet part `name`: listed after the rows, so the part is
    /// inflated once on its own first, keeping only what follows `<mergeCells`.
    ///
    /// - Throws: `ImportError.unreadable` when the part cannot be unpacked or breaks the limits.
    func mergedRanges(in name: String) throws -> [MergedRange] {
        guard let entry = archive[name] else { return [] }
        try Self.check(entry, name: name, path: path, limits: limits)
        let marker = Array("mergeCells".utf8)
        var tail: [UInt8] = []
        var found = false
        var count = 0
        let compressed = Int(clamping: entry.compressedSize)
        do {
            _ = try BoundedExtraction.extract(entry, from: archive, path: url.path) { data in
                count += data.count
                if let problem = limits.problem(inflated: count, compressed: compressed) {
                    throw Self.refused(name, problem, path: path)
                }
                if found {
                    tail.append(contentsOf: data)
                    return
                }
                // The marker may straddle two chunks: keep the end of the last one.
                let window = tail + [UInt8](data)
                if let start = window.firstRange(of: marker)?.lowerBound {
                    found = true
                    tail = Array(window[start...])
                } else {
                    tail = Array(window.suffix(marker.count))
                }
            }
        } catch let error as ImportError {
            throw error
        } catch {
            throw ImportError.unreadable(
                path: path, reason: "the workbook is damaged: part '\(name)' cannot be unpacked")
        }
        return found ? MergedRange.all(in: tail) : []
    }

    /// Runs `body` on every node of the XML part `bytes`.
    static func parse(
        _ bytes: [UInt8], name: String, path: String, _ body: (XMLStreamReader) throws -> Void
    ) throws {
        do {
            let reader = try XMLStreamReader(bytes: bytes, name: path + ": " + name)
            while try reader.read() { try body(reader) }
        } catch let error as XMLReadError {
            throw ImportError.invalid(path: path, diagnostics: error.diagnostics)
        }
    }

    // MARK: - Shared strings and styles

    private func loadSharedStrings() throws {
        guard
            let bytes = try Self.readIfPresent(
                "xl/sharedStrings.xml", from: archive, file: url.path, path: path, limits: limits)
        else { return }
        var strings: [String] = []
        var current = ""
        var inText = false
        var phoneticDepth = -1
        try Self.parse(bytes, name: "xl/sharedStrings.xml", path: path) { reader in
            switch reader.kind {
            case .element:
                switch reader.localName {
                case "si": current = ""
                case "t": inText = phoneticDepth < 0 && !reader.isEmptyElement
                case "rPh": if !reader.isEmptyElement { phoneticDepth = reader.depth }
                default: break
                }
            case .endElement:
                switch reader.localName {
                case "si": strings.append(current)
                case "t": inText = false
                case "rPh" where reader.depth == phoneticDepth: phoneticDepth = -1
                default: break
                }
            case .text, .cdata, .whitespace:
                if inText { current += reader.value }
            case .other: break
            }
        }
        sharedStrings = strings
    }

    private func loadStyles() throws {
        guard
            let bytes = try Self.readIfPresent(
                "xl/styles.xml", from: archive, file: url.path, path: path, limits: limits)
        else {
            return
        }
        var customDates: Set<Int> = []
        var styles: [Bool] = []
        var inCellFormats = false
        try Self.parse(bytes, name: "xl/styles.xml", path: path) { reader in
            if reader.kind == .endElement, reader.localName == "cellXfs" { inCellFormats = false }
            guard reader.kind == .element else { return }
            switch reader.localName {
            case "numFmt":
                var id = -1
                var code = ""
                for (name, _, value) in reader.attributes() {
                    switch name {
                    case "numFmtId": id = Int(value) ?? -1
                    case "formatCode": code = value
                    default: break
                    }
                }
                if Self.isDateFormat(code) { customDates.insert(id) }
            case "cellXfs": inCellFormats = !reader.isEmptyElement
            case "xf" where inCellFormats:
                var id = 0
                for (name, _, value) in reader.attributes() {
                    if name == "numFmtId" { id = Int(value) ?? 0 }
                }
                styles.append(Self.builtInDateFormats.contains(id) || customDates.contains(id))
            default: break
            }
        }
        dateStyles = styles
    }

    /// Excel's built-in number formats that show dates or times.
    static let builtInDateFormats: Set<Int> = Set(14...22).union(27...36).union(45...47).union(
        50...58)

    /// Whether a custom number format shows a date: it has day, month or year (or time)
    /// placeholders outside quoted text, escapes and `[…]` sections.
    static func isDateFormat(_ code: String) -> Bool {
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        for character in code.lowercased() {
            if escaped {
                escaped = false
                continue
            }
            switch character {
            case "\"": inQuotes.toggle()
            case "\\" where !inQuotes: escaped = true
            case "[" where !inQuotes: inBrackets = true
            case "]" where !inQuotes: inBrackets = false
            case "d", "m", "y", "h", "s":
                if !inQuotes && !inBrackets { return true }
            default: break
            }
        }
        return false
    }
}
