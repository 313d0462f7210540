import AuditModel
import AuditXML
import ImportKit

/// The records of an XML export as rows: one row per record element, one cell per profile
/// field, read in one streaming pass in constant memory.
///
/// The path matching runs in the C shim over libxml2's SAX2 parser (`XMLRecordScanner`), one
/// call per record; here each record's values become the row's cells: the first of a field's
/// paths that found something gives the cell, repeated elements of that path are joined with
/// `; `, and HTML becomes plain text.
final class XMLRecordRows: TableRows {
    private let scanner: XMLRecordScanner
    private let profile: XMLProfile
    /// Per path: its field, and whether the profile lists the field under `html`.
    private let pathFields: [Int]
    private let pathHTML: [Bool]
    private var values: [[String]]
    private var lines: [Int]
    private var cells: [String]
    private var sources: [Int]
    /// The current row's cells as `trimmedText` hands them out.
    private let kept = RowTexts()
    private var line = 0

    /// Opens the file at `path` for `profile`'s records.
    ///
    /// - Throws: `XMLReadError` when the file cannot be opened.
    init(path: String, profile: XMLProfile) throws {
        self.profile = profile
        func spec(_ step: PathStep) -> XMLStepSpec {
            XMLStepSpec(
                name: step.name, namespace: step.namespace,
                tests: step.predicates.map { XMLAttributeTest(name: $0.name, value: $0.value) })
        }
        var fields: [XMLFieldSpec] = []
        var pathFields: [Int] = []
        var pathHTML: [Bool] = []
        for (index, field) in profile.fields.enumerated() {
            for path in field.paths {
                fields.append(XMLFieldSpec(steps: path.steps.map(spec), attribute: path.attribute))
                pathFields.append(index)
                pathHTML.append(profile.html.contains(field.field))
            }
        }
        scanner = try XMLRecordScanner(
            path: path, record: profile.record.steps.map(spec),
            anchored: profile.record.anchored, fields: fields)
        self.pathFields = pathFields
        self.pathHTML = pathHTML
        values = Array(repeating: [], count: fields.count)
        lines = Array(repeating: 0, count: fields.count)
        cells = Array(repeating: "", count: profile.fields.count)
        sources = Array(repeating: -1, count: profile.fields.count)
    }

    /// The header: the profile's field names.
    var header: TableHeader {
        TableHeader(
            names: profile.fields.map(\.field),
            positions: profile.fields.map { _ in (1, 1) }, line: 1)
    }

    /// How many records were read.
    var recordCount: Int { scanner.recordCount }

    /// Warnings libxml2 reported.
    var warnings: [Diagnostic] { scanner.warnings }

    /// Fields none of whose paths matched in any record.
    var unmatchedFields: [(field: String, paths: [ProfilePath])] {
        var found: [(field: String, paths: [ProfilePath])] = []
        var index = 0
        for field in profile.fields {
            let hits = (index..<index + field.paths.count).reduce(0) { $0 + scanner.hits($1) }
            if hits == 0 && !field.paths.isEmpty { found.append((field.field, field.paths)) }
            index += field.paths.count
        }
        return found
    }

    func readRow() throws -> Bool {
        kept.clear()
        guard try scanner.next() else { return false }
        // Worked on as locals and stored back once: each access to a class's stored property
        // is checked for exclusivity at run time, and this runs once per value.
        var values = self.values
        var lines = self.lines
        var cells = self.cells
        var sources = self.sources
        self.values = []
        self.cells = []
        for index in values.indices where !values[index].isEmpty {
            values[index].removeAll(keepingCapacity: true)
        }
        let pathHTML = self.pathHTML
        scanner.forEachValue { path, text, isHTML, line in
            let value = (isHTML || pathHTML[path] ? HTMLText.plain(text) : text)
                .trimmingWhitespace()
            guard !value.isEmpty else { return }
            if values[path].isEmpty { lines[path] = line }
            values[path].append(value)
        }
        for index in cells.indices {
            cells[index] = ""
            sources[index] = -1
        }
        for index in values.indices where !values[index].isEmpty {
            let field = pathFields[index]
            guard sources[field] < 0 else { continue }
            sources[field] = index
            cells[field] =
                values[index].count == 1 ? values[index][0] : values[index].joined(separator: "; ")
        }
        self.values = values
        self.lines = lines
        self.cells = cells
        self.sources = sources
        line = scanner.recordLine
        return true
    }

    var rowLine: Int { line }

    var fieldCount: Int { cells.count }

    func trimmedField(_ index: Int) -> String {
        guard index >= 0, index < cells.count else { return "" }
        return cells[index]
    }

    func trimmedText(_ index: Int) -> UnsafeBufferPointer<UInt8> { kept.keep(trimmedField(index)) }

    func position(_ index: Int) -> (line: Int, column: Int) {
        guard index >= 0, index < sources.count, sources[index] >= 0 else { return (line, 1) }
        return (lines[sources[index]], 1)
    }
}

/// The element paths a document contains, with how often each occurs: shown when a profile's
/// record path matches nothing, so the user can see what to write instead.
enum ElementPaths {
    /// Up to `limit` distinct paths in document order, each with its count.
    static func list(in path: String, limit: Int = 40) throws -> [(path: String, count: Int)] {
        let reader = try XMLStreamReader(path: path)
        var stack: [String] = []
        var order: [String] = []
        var counts: [String: Int] = [:]
        while try reader.read() {
            switch reader.kind {
            case .element:
                let depth = reader.depth
                if stack.count > depth { stack.removeLast(stack.count - depth) }
                stack.append(reader.localName)
                let text = "/" + stack.joined(separator: "/")
                if counts[text] == nil {
                    if order.count < limit { order.append(text) }
                    counts[text] = 0
                }
                counts[text, default: 0] += 1
                if reader.isEmptyElement { stack.removeLast() }
            case .endElement:
                if !stack.isEmpty { stack.removeLast() }
            default: break
            }
        }
        return order.map { ($0, counts[$0] ?? 0) }
    }
}
