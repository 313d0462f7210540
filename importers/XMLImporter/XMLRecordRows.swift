import AuditModel
import AuditXML
import ImportKit

/// The records of an XML export as rows: one row per record element, one cell per profile
/// field, read in one streaming pass in constant memory.
///
/// Element names are interned once and compared by pointer on every node; attributes are read
/// only for elements whose name could need them. The matching state is a value moved into a
/// value whose mutating `nextRecord` reads a whole record, so the hot loop touches no class
/// storage.
final class XMLRecordRows: TableRows {
    private let reader: XMLStreamReader
    private let profile: XMLProfile
    private var engine: Engine
    private var cells: [String]
    private var sources: [Int]
    private var lines: [Int]
    private var line = 0

    init(reader: XMLStreamReader, profile: XMLProfile, path: String) {
        self.reader = reader
        self.profile = profile
        engine = Engine(reader: reader, profile: profile)
        cells = Array(repeating: "", count: profile.fields.count)
        sources = Array(repeating: -1, count: profile.fields.count)
        lines = []
    }

    /// The header: the profile's field names.
    var header: TableHeader {
        TableHeader(
            names: profile.fields.map(\.field),
            positions: profile.fields.map { _ in (1, 1) }, line: 1)
    }

    /// How many records were read.
    var recordCount: Int { engine.recordCount }

    /// Fields none of whose paths matched in any record.
    var unmatchedFields: [(field: String, paths: [ProfilePath])] {
        var found: [(field: String, paths: [ProfilePath])] = []
        var index = 0
        for field in profile.fields {
            let hits = engine.pathHits[index..<index + field.paths.count].reduce(0, +)
            if hits == 0 && !field.paths.isEmpty { found.append((field.field, field.paths)) }
            index += field.paths.count
        }
        return found
    }

    func readRow() throws -> Bool {
        // One access to `engine` per record: the loop inside touches no class storage.
        guard try engine.nextRecord(reader) else { return false }
        let state = engine
        // A field's paths are alternatives: the first that found something gives the cell;
        // repeated elements of that path are all kept.
        for index in cells.indices {
            cells[index] = ""
            sources[index] = -1
        }
        for index in state.paths.indices {
            let field = state.paths[index].field
            guard sources[field] < 0, !state.values[index].isEmpty else { continue }
            sources[field] = index
            cells[field] =
                state.values[index].count == 1
                ? state.values[index][0] : state.values[index].joined(separator: "; ")
        }
        lines = state.lines
        line = state.recordLine
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

/// The matching state machine: which open elements match which steps, the text being
/// collected, the values of the record being read.
private struct Engine {
    /// An element step, resolved for one reader: plain values only, so reading one from the
    /// arrays below costs no reference counting.
    struct Step {
        var name: XMLName
        var any: Bool
        /// Index into `namespaces`, or -1 for any namespace.
        var namespace: Int
        /// Range of this step's tests in `predicates`.
        var firstPredicate: Int
        var predicateCount: Int
    }

    /// A field path resolved for one reader: its steps are `steps[firstStep..<firstStep+count]`.
    struct FieldPath {
        var field: Int
        var firstStep: Int
        var stepCount: Int
        var attribute: XMLName?
        var html: Bool
    }

    var namespaces: [String] = []
    var predicates: [(name: XMLName, value: String)] = []
    var steps: [Step] = []
    var recordStepCount = 0
    var anchored = false
    var paths: [FieldPath] = []
    var typeName = XMLName.none

    /// Per open element outside a record: which record steps it matches (bit per step).
    var recordMatches: [UInt64] = []
    /// Per level inside the record (1 = its children) and path: whether the path matches
    /// down to that level; `paths.count` entries per level.
    var fieldMatches: [Bool] = []
    var recordDepth = -1
    var recordLine = 0
    /// Text being collected for a path: its index, depth, text, whether it is HTML.
    var collectors: [(path: Int, depth: Int, text: String, html: Bool)] = []
    /// Per path, the values found in the current record, and the line of the first.
    var values: [[String]] = []
    var lines: [Int] = []
    var recordCount = 0
    var pathHits: [Int] = []

    init(reader: XMLStreamReader, profile: XMLProfile) {
        func resolve(_ step: PathStep) {
            var namespace = -1
            if let uri = step.namespace {
                namespace = namespaces.firstIndex(of: uri) ?? namespaces.count
                if namespace == namespaces.count { namespaces.append(uri) }
            }
            steps.append(
                Step(
                    name: reader.intern(step.name), any: step.name == "*", namespace: namespace,
                    firstPredicate: predicates.count, predicateCount: step.predicates.count))
            predicates += step.predicates.map { (reader.intern($0.name), $0.value) }
        }
        profile.record.steps.forEach(resolve)
        recordStepCount = profile.record.steps.count
        anchored = profile.record.anchored
        for (index, field) in profile.fields.enumerated() {
            for path in field.paths {
                let first = steps.count
                path.steps.forEach(resolve)
                paths.append(
                    FieldPath(
                        field: index, firstStep: first, stepCount: path.steps.count,
                        attribute: path.attribute.map { reader.intern($0) },
                        html: profile.html.contains(field.field)))
            }
        }
        typeName = reader.intern("type")
        values = Array(repeating: [], count: paths.count)
        lines = Array(repeating: 0, count: paths.count)
        pathHits = Array(repeating: 0, count: paths.count)
    }

    /// Reads up to the end of the next record; false at the end of the document.
    mutating func nextRecord(_ reader: XMLStreamReader) throws -> Bool {
        while try reader.read() {
            switch reader.kind {
            case .element:
                if startElement(reader) { return true }
            case .endElement:
                if endElement(depth: reader.depth) { return true }
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

    /// Attributes of the current element, read once and only when a test needs them.
    private struct Attributes {
        var list: [(name: XMLName, value: String)]?

        mutating func value(of name: XMLName, in reader: XMLStreamReader) -> String? {
            if list == nil {
                var found: [(name: XMLName, value: String)] = []
                reader.forEachAttribute { name, _, value in found.append((name, value)) }
                list = found
            }
            return list?.first { $0.name == name }?.value
        }
    }

    private func matches(
        _ index: Int, name: XMLName, reader: XMLStreamReader, attributes: inout Attributes
    ) -> Bool {
        let step = steps[index]
        guard step.any || name == step.name else { return false }
        if step.namespace >= 0, reader.namespaceURI != namespaces[step.namespace] { return false }
        for predicate in step.firstPredicate..<step.firstPredicate + step.predicateCount
        where attributes.value(of: predicates[predicate].name, in: reader)
            != predicates[predicate].value
        {
            return false
        }
        return true
    }

    /// Handles a start tag; true when it was an empty record element (a whole record).
    private mutating func startElement(_ reader: XMLStreamReader) -> Bool {
        let depth = reader.depth
        let name = reader.name
        var attributes = Attributes()
        if recordDepth < 0 {
            var mask: UInt64 = 0
            for index in 0..<min(recordStepCount, 64)
            where matches(index, name: name, reader: reader, attributes: &attributes) {
                mask |= 1 << UInt64(index)
            }
            while recordMatches.count <= depth { recordMatches.append(0) }
            recordMatches[depth] = mask
            let count = recordStepCount
            guard depth + 1 >= count, !anchored || depth + 1 == count else { return false }
            for index in 0..<count
            where recordMatches[depth - count + 1 + index] & (1 << UInt64(index)) == 0 {
                return false
            }
            let isEmpty = reader.isEmptyElement
            recordDepth = depth
            recordLine = reader.elementLine
            for index in values.indices where !values[index].isEmpty {
                values[index].removeAll(keepingCapacity: true)
            }
            for index in paths.indices where paths[index].stepCount == 0 {
                take(index, depth: depth, isEmpty: isEmpty, reader: reader, attributes: &attributes)
            }
            return isEmpty ? finishRecord() : false
        }
        // Inside a record: the level relative to it, 1 for its children.
        let level = depth - recordDepth
        let width = paths.count
        while fieldMatches.count < level * width {
            fieldMatches.append(contentsOf: repeatElement(false, count: width))
        }
        var isEmpty: Bool?
        for index in 0..<width {
            let path = paths[index]
            let count = path.stepCount
            let matched =
                level <= count && (level == 1 || fieldMatches[(level - 2) * width + index])
                && matches(
                    path.firstStep + level - 1, name: name, reader: reader,
                    attributes: &attributes)
            fieldMatches[(level - 1) * width + index] = matched
            guard matched, level == count else { continue }
            if isEmpty == nil { isEmpty = reader.isEmptyElement }
            take(
                index, depth: depth, isEmpty: isEmpty ?? false, reader: reader,
                attributes: &attributes)
        }
        return false
    }

    /// Takes the value of path `index` from the current element.
    private mutating func take(
        _ index: Int, depth: Int, isEmpty: Bool, reader: XMLStreamReader,
        attributes: inout Attributes
    ) {
        pathHits[index] += 1
        if values[index].isEmpty { lines[index] = reader.elementLine }
        if let attribute = paths[index].attribute {
            if let value = attributes.value(of: attribute, in: reader) {
                append(value, to: index, html: paths[index].html)
            }
            return
        }
        if isEmpty { return }
        let html = paths[index].html || attributes.value(of: typeName, in: reader) == "html"
        collectors.append((index, depth, "", html))
    }

    private mutating func append(_ text: String, to path: Int, html: Bool) {
        let value = (html ? HTMLText.plain(text) : text).trimmingWhitespace()
        if !value.isEmpty { values[path].append(value) }
    }

    /// Handles an end tag; true when it closed a record.
    private mutating func endElement(depth: Int) -> Bool {
        while let last = collectors.last, last.depth == depth {
            collectors.removeLast()
            append(last.text, to: last.path, html: last.html)
        }
        return depth == recordDepth ? finishRecord() : false
    }

    private mutating func finishRecord() -> Bool {
        recordDepth = -1
        collectors.removeAll(keepingCapacity: true)
        recordCount += 1
        return true
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
