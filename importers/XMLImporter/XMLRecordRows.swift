import AuditModel
import AuditXML
import ImportKit

/// The records of an XML export as rows: one row per record element, one cell per profile
/// field, read in one streaming pass in constant memory.
///
/// Element names are interned once and compared by pointer on every node; attributes are read
/// only for elements whose name could need them.
final class XMLRecordRows: TableRows {
    private let reader: XMLStreamReader
    private let profile: XMLProfile
    private let path: String

    /// An element step, resolved for this reader.
    private struct Step {
        var name: XMLName
        var any: Bool
        var namespace: String?
        var predicates: [(name: XMLName, value: String)]
    }

    /// A field path resolved for this reader.
    private struct FieldPath {
        var field: Int
        var steps: [Step]
        var attribute: XMLName?
    }

    private let recordSteps: [Step]
    private let anchored: Bool
    private let paths: [FieldPath]
    private let htmlFields: [Bool]
    private let typeName: XMLName

    /// Per open element: which record steps match it, and (inside a record) which field paths
    /// match it at its level.
    private var recordMatches: [UInt64] = []
    private var fieldMatches: [[Bool]] = []
    private var recordDepth = -1
    /// Text being collected for a path: its index, depth, text, whether it is HTML.
    private var collectors: [(path: Int, depth: Int, text: String, html: Bool)] = []
    /// Per path, the values found in the current record, and the line of the first.
    private var values: [[String]]
    private var lines: [Int]
    /// Per field, the index of the path its cell came from (-1: none).
    private var sources: [Int]
    private var cells: [String]
    private var line = 0
    /// How many records were read; how many times each path matched.
    private(set) var recordCount = 0
    private var pathHits: [Int]

    init(reader: XMLStreamReader, profile: XMLProfile, path: String) {
        self.reader = reader
        self.profile = profile
        self.path = path
        func resolve(_ step: PathStep) -> Step {
            Step(
                name: reader.intern(step.name), any: step.name == "*", namespace: step.namespace,
                predicates: step.predicates.map { (reader.intern($0.name), $0.value) })
        }
        recordSteps = profile.record.steps.map(resolve)
        anchored = profile.record.anchored
        var paths: [FieldPath] = []
        for (index, field) in profile.fields.enumerated() {
            for path in field.paths {
                paths.append(
                    FieldPath(
                        field: index, steps: path.steps.map(resolve),
                        attribute: path.attribute.map { reader.intern($0) }))
            }
        }
        self.paths = paths
        htmlFields = profile.fields.map { profile.html.contains($0.field) }
        typeName = reader.intern("type")
        values = Array(repeating: [], count: paths.count)
        lines = Array(repeating: 0, count: paths.count)
        sources = Array(repeating: -1, count: profile.fields.count)
        cells = Array(repeating: "", count: profile.fields.count)
        pathHits = Array(repeating: 0, count: paths.count)
    }

    /// The header: the profile's field names, each at the profile's line for it.
    var header: TableHeader {
        TableHeader(
            names: profile.fields.map(\.field),
            positions: profile.fields.map { _ in (1, 1) }, line: 1)
    }

    /// Fields none of whose paths matched in any record.
    var unmatchedFields: [(field: String, paths: [ProfilePath])] {
        var found: [(field: String, paths: [ProfilePath])] = []
        var index = 0
        for field in profile.fields {
            let hits = pathHits[index..<index + field.paths.count].reduce(0, +)
            if hits == 0 && !field.paths.isEmpty { found.append((field.field, field.paths)) }
            index += field.paths.count
        }
        return found
    }

    private func matches(_ step: Step, attributes: inout [(name: XMLName, value: String)]?) -> Bool
    {
        guard step.any || reader.name == step.name else { return false }
        if let namespace = step.namespace, reader.namespaceURI != namespace { return false }
        if step.predicates.isEmpty { return true }
        if attributes == nil {
            var found: [(name: XMLName, value: String)] = []
            reader.forEachAttribute { name, _, value in found.append((name, value)) }
            attributes = found
        }
        return step.predicates.allSatisfy { predicate in
            attributes?.contains { $0.name == predicate.name && $0.value == predicate.value }
                ?? false
        }
    }

    func readRow() throws -> Bool {
        while try reader.read() {
            switch reader.kind {
            case .element:
                if let row = try startElement() { return row }
            case .endElement:
                if endElement() { return true }
            case .text, .cdata, .whitespace:
                if !collectors.isEmpty {
                    let text = reader.value
                    for index in collectors.indices { collectors[index].text += text }
                }
            case .other: break
            }
        }
        return false
    }

    /// Handles a start tag; true when it was an empty record element (a whole row).
    private func startElement() throws -> Bool? {
        let depth = reader.depth
        let isEmpty = reader.isEmptyElement
        var attributes: [(name: XMLName, value: String)]?
        if recordDepth < 0 {
            var mask: UInt64 = 0
            for (index, step) in recordSteps.enumerated() where index < 64 {
                if matches(step, attributes: &attributes) { mask |= 1 << UInt64(index) }
            }
            if recordMatches.count <= depth {
                recordMatches.append(mask)
            } else {
                recordMatches[depth] = mask
            }
            let count = recordSteps.count
            guard depth + 1 >= count, !anchored || depth + 1 == count else { return nil }
            for index in 0..<count
            where recordMatches[depth - count + 1 + index] & (1 << UInt64(index)) == 0 {
                return nil
            }
            beginRecord(depth: depth, attributes: &attributes)
            if isEmpty { return finishRecord() }
            return nil
        }
        // Inside a record: depth relative to it, 1 for its children.
        let level = depth - recordDepth
        while fieldMatches.count < level {
            fieldMatches.append(Array(repeating: false, count: paths.count))
        }
        for (index, path) in paths.enumerated() {
            let matched =
                level <= path.steps.count
                && (level == 1 || fieldMatches[level - 2][index])
                && matches(path.steps[level - 1], attributes: &attributes)
            fieldMatches[level - 1][index] = matched
            guard matched, level == path.steps.count else { continue }
            take(path: index, depth: depth, isEmpty: isEmpty, attributes: &attributes)
        }
        return nil
    }

    private func beginRecord(depth: Int, attributes: inout [(name: XMLName, value: String)]?) {
        recordDepth = depth
        line = reader.elementLine
        for index in values.indices { values[index].removeAll(keepingCapacity: true) }
        for (index, path) in paths.enumerated() where path.steps.isEmpty {
            take(path: index, depth: depth, isEmpty: reader.isEmptyElement, attributes: &attributes)
        }
    }

    /// Takes the value of field path `index` from the current element.
    private func take(
        path index: Int, depth: Int, isEmpty: Bool,
        attributes: inout [(name: XMLName, value: String)]?
    ) {
        let path = paths[index]
        pathHits[index] += 1
        if values[index].isEmpty { lines[index] = reader.elementLine }
        if let attribute = path.attribute {
            if attributes == nil {
                var found: [(name: XMLName, value: String)] = []
                reader.forEachAttribute { name, _, value in found.append((name, value)) }
                attributes = found
            }
            if let value = attributes?.first(where: { $0.name == attribute })?.value {
                append(value, to: index, html: htmlFields[path.field])
            }
            return
        }
        let html = htmlFields[path.field] || reader.attribute(typeName) == "html"
        if isEmpty { return }
        collectors.append((index, depth, "", html))
    }

    private func append(_ text: String, to path: Int, html: Bool) {
        let value = (html ? HTMLText.plain(text) : text).trimmingWhitespace()
        if !value.isEmpty { values[path].append(value) }
    }

    /// Handles an end tag; true when it closed a record.
    private func endElement() -> Bool {
        let depth = reader.depth
        while let last = collectors.last, last.depth == depth {
            collectors.removeLast()
            append(last.text, to: last.path, html: last.html)
        }
        if depth == recordDepth { return finishRecord() }
        return false
    }

    private func finishRecord() -> Bool {
        recordDepth = -1
        collectors.removeAll(keepingCapacity: true)
        recordCount += 1
        // A field's paths are alternatives: the first that found something gives the cell;
        // repeated elements of that path are all kept.
        for index in cells.indices {
            cells[index] = ""
            sources[index] = -1
        }
        for (index, path) in paths.enumerated()
        where sources[path.field] < 0 && !values[index].isEmpty {
            sources[path.field] = index
            cells[path.field] =
                values[index].count == 1 ? values[index][0] : values[index].joined(separator: "; ")
        }
        return true
    }

    var rowLine: Int { line }

    var fieldCount: Int { cells.count }

    func trimmedField(_ index: Int) -> String {
        guard index >= 0, index < cells.count else { return "" }
        return cells[index]
    }

    func isISODate(_ index: Int) -> Bool { TableImport.isISODate(trimmedField(index)) }

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
