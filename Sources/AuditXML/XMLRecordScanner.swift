public import AuditModel
internal import CAuditXML
import Foundation

/// One element step of a path: a local name (`*` for any), a namespace URI (`nil` for any)
/// and attribute tests (`[@name='value']`).
public struct XMLStepSpec: Sendable, Equatable {
    /// The local name, or `*`.
    public var name: String
    /// The namespace URI the element must have, or `nil`.
    public var namespace: String?
    /// Attribute tests: local name and required value.
    public var tests: [XMLAttributeTest]

    /// Creates a step.
    public init(name: String, namespace: String? = nil, tests: [XMLAttributeTest] = []) {
        self.name = name
        self.namespace = namespace
        self.tests = tests
    }
}

/// An attribute test of a step: `[@name='value']`.
public struct XMLAttributeTest: Sendable, Equatable {
    /// The attribute's local name.
    public var name: String
    /// The value it must have.
    public var value: String

    /// Creates a test.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// A field path relative to a record: element steps, then optionally an attribute.
public struct XMLFieldSpec: Sendable, Equatable {
    /// The element steps below the record (empty: the record itself).
    public var steps: [XMLStepSpec]
    /// The attribute whose value is taken, or `nil` for the element's text.
    public var attribute: String?

    /// Creates a field path.
    public init(steps: [XMLStepSpec], attribute: String? = nil) {
        self.steps = steps
        self.attribute = attribute
    }
}

/// Reads the records of an XML file — elements matching a path — and the values of field
/// paths inside each, one call per record, in constant memory.
///
/// Built on libxml2's SAX2 push parser through the `CAuditXML` shim: no node objects are made,
/// and the matching runs in C, so only each record's values cross into Swift. The record path
/// matches at any depth unless `anchored`; a record inside a record is not one of its own. The
/// same safety as `XMLStreamReader`: no network, no external DTD or entity, and a document
/// that declares or uses entities is refused. libxml2 never prints.
public final class XMLRecordScanner {
    /// The path used in diagnostics.
    public let path: String
    private let handle: OpaquePointer
    private let descriptor: Int32
    private let fieldCount: Int

    /// How many records have been read.
    public private(set) var recordCount = 0

    /// A scanner of the file at `path` for `record`'s elements and the values of `fields`.
    ///
    /// - Throws: `XMLReadError` when the file cannot be opened.
    public init(path: String, record: [XMLStepSpec], anchored: Bool, fields: [XMLFieldSpec])
        throws
    {
        self.path = path
        let fd = try XMLResult.openFile(path)
        fieldCount = fields.count
        var steps = record
        var paths: [(first: Int, count: Int, attribute: String?)] = []
        for field in fields {
            paths.append((steps.count, field.steps.count, field.attribute))
            steps += field.steps
        }
        var tests: [XMLAttributeTest] = []
        var stepTests: [(first: Int, count: Int)] = []
        for step in steps {
            stepTests.append((tests.count, step.tests.count))
            tests += step.tests
        }
        // The C side copies every string; these copies need only outlive the call.
        var strings = CStrings()
        let cSteps = steps.indices.map { index in
            AXStep(
                name: steps[index].name == "*" ? nil : strings.add(steps[index].name),
                namespace_uri: steps[index].namespace.map { strings.add($0) },
                first_test: Int32(stepTests[index].first), test_count: Int32(stepTests[index].count)
            )
        }
        let cTests = tests.map { AXTest(name: strings.add($0.name), value: strings.add($0.value)) }
        let cPaths = paths.map {
            AXPath(
                first_step: Int32($0.first), step_count: Int32($0.count),
                attribute: $0.attribute.map { strings.add($0) })
        }
        let made = cSteps.withUnsafeBufferPointer { stepBuffer in
            cTests.withUnsafeBufferPointer { testBuffer in
                cPaths.withUnsafeBufferPointer { pathBuffer in
                    ax_records_open(
                        fd, path, stepBuffer.baseAddress, Int32(stepBuffer.count),
                        testBuffer.baseAddress, Int32(testBuffer.count), Int32(record.count),
                        anchored ? 1 : 0, pathBuffer.baseAddress, Int32(pathBuffer.count))
                }
            }
        }
        strings.free()
        guard let made else {
            close(fd)
            throw XMLReadError(path: path, diagnostics: [.error("out of memory", at: nil)])
        }
        handle = made
        descriptor = fd
    }

    deinit {
        ax_records_free(handle)
        close(descriptor)
    }

    /// Reads to the end of the next record; false at the end of the document.
    ///
    /// - Throws: `XMLReadError` with every problem found when the document is malformed, or
    ///   declares or uses entities.
    public func next() throws -> Bool {
        let result = ax_records_next(handle)
        guard
            try XMLResult.check(
                result, errors: ax_records_errors(handle), path: path,
                line: Int(ax_records_line(handle)))
        else { return false }
        recordCount += 1
        return true
    }

    /// Warnings libxml2 reported so far (errors are thrown by `next`).
    public var warnings: [Diagnostic] {
        XMLResult.problems(ax_records_errors(handle), path: path).filter { $0.severity != .error }
    }

    /// The line the current record starts on.
    public var recordLine: Int { Int(ax_records_record_line(handle)) }

    /// Calls `body` with each value of the current record, in document order: the index of
    /// its field path, its text (untrimmed: all the text inside the element, CDATA included,
    /// or the attribute's value), whether the element said `type="html"`, and its line.
    public func forEachValue(
        _ body: (_ path: Int, _ text: String, _ isHTML: Bool, _ line: Int) -> Void
    ) {
        let count = ax_records_value_count(handle)
        for index in 0..<count {
            let value = ax_records_value(handle, index)
            guard let bytes = value.bytes else { continue }
            let text = bytes.withMemoryRebound(to: UInt8.self, capacity: Int(value.length)) {
                String(
                    decoding: UnsafeBufferPointer(start: $0, count: Int(value.length)),
                    as: UTF8.self)
            }
            body(Int(value.path), text, value.is_html != 0, Int(value.line))
        }
    }

    /// How many times the field path at `index` matched, over all records read.
    public func hits(_ index: Int) -> Int {
        index >= 0 && index < fieldCount ? Int(ax_records_hits(handle, Int32(index))) : 0
    }
}

/// C copies of Swift strings, kept until `free`.
private struct CStrings {
    private var copies: [UnsafeMutablePointer<CChar>] = []

    mutating func add(_ text: String) -> UnsafePointer<CChar> {
        let utf8 = text.utf8CString
        let copy = UnsafeMutablePointer<CChar>.allocate(capacity: utf8.count)
        utf8.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { copy.initialize(from: base, count: buffer.count) }
        }
        copies.append(copy)
        return UnsafePointer(copy)
    }

    mutating func free() {
        for copy in copies { copy.deallocate() }
        copies = []
    }
}
