public import AuditModel
internal import CAuditXML
import Foundation

/// What kind of node an `XMLStreamReader` stands on.
public enum XMLNodeKind: Sendable, Equatable {
    /// A start tag, or an empty element (`isEmptyElement`); attributes are read from here.
    case element
    /// An end tag.
    case endElement
    /// Character data.
    case text
    /// A `<![CDATA[…]]>` section.
    case cdata
    /// Whitespace between elements.
    case whitespace
    /// A comment, processing instruction, DOCTYPE without entities, and the like.
    case other
}

/// A name interned by one reader: comparing two is comparing two pointers, with no string made.
public struct XMLName: Equatable, @unchecked Sendable {
    // Safe to send: the pointer is only compared, never dereferenced, and it points into the
    // reader's name dictionary, which lives as long as the reader.
    let pointer: UnsafePointer<CChar>?

}

/// Why an XML document could not be read: each problem with its line and column.
public struct XMLReadError: QMSAuditError {
    /// The file, as named by the caller.
    public var path: String
    /// Every problem libxml2 reported, errors and warnings.
    public var diagnostics: [Diagnostic]

    /// A message for people.
    public var description: String {
        (["'\(path)' cannot be read as XML:"] + diagnostics.map(\.description))
            .joined(separator: "\n")
    }
}

/// Reads an XML document node by node in constant memory, safely: no network, no external
/// DTD or entity is ever loaded, and a document that declares or uses entities is refused.
///
/// Built on libxml2's `xmlTextReader` through the `CAuditXML` shim. libxml2 never prints;
/// its errors come back as diagnostics with line and column. Strings are copied out of
/// libxml2 before the next read. One owner per reader; not for use from two threads at once.
public final class XMLStreamReader {
    /// The path (or name) used in diagnostics.
    public let path: String
    private let handle: OpaquePointer
    /// The current node's facts, kept up to date by the C side on every read.
    private let node: UnsafePointer<AXNode>
    private var descriptor: Int32 = -1
    private var buffer: UnsafeMutableRawBufferPointer?

    /// The parser options every reader uses (`XML_PARSE_NONET` only).
    public static var options: Int { Int(ax_reader_options()) }

    /// libxml2's option bits that must never be set: NOENT, DTDLOAD, DTDATTR, DTDVALID,
    /// HUGE, XINCLUDE.
    public static var forbiddenOptions: Int { Int(ax_forbidden_options()) }

    /// The libxml2 version in use, such as `2.9.14`.
    public static var libxmlVersion: String { String(cString: ax_libxml_version()) }

    /// Opens the file at `path`.
    ///
    /// - Throws: `XMLReadError` when the file cannot be opened or is a folder.
    public init(path: String) throws {
        self.path = path
        let fd = try XMLResult.openFile(path)
        guard let reader = ax_reader_open_fd(fd, path) else {
            close(fd)
            throw XMLReadError(
                path: path,
                diagnostics: [
                    .error(
                        "libxml2 could not start a reader",
                        at: SourceLocation(path: path, line: 1, column: 1))
                ])
        }
        handle = reader
        node = ax_reader_node(reader)
        descriptor = fd
    }

    /// Reads the document from `descriptor` (a pipe or socket another thread fills), which
    /// the reader closes when it is done; `name` is used in diagnostics.
    ///
    /// - Throws: `XMLReadError` when libxml2 cannot start a reader.
    public init(descriptor fd: Int32, name: String) throws {
        path = name
        guard let reader = ax_reader_open_fd(fd, name) else {
            close(fd)
            throw XMLReadError(
                path: name, diagnostics: [.error("libxml2 could not start a reader", at: nil)])
        }
        handle = reader
        node = ax_reader_node(reader)
        descriptor = fd
    }

    /// Reads the document held in `bytes`; `name` is used in diagnostics.
    ///
    /// - Throws: `XMLReadError` when the bytes are too many for libxml2 (2 GiB).
    public init(bytes: some Collection<UInt8>, name: String) throws {
        path = name
        guard bytes.count < Int(Int32.max) else {
            throw XMLReadError(
                path: name,
                diagnostics: [.error("the XML part is larger than 2 GiB", at: nil)])
        }
        let copy = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(bytes.count, 1), alignment: 1)
        // One copy of contiguous bytes (an array, a Data): a generic element-by-element copy
        // from another module costs about 50 ns a byte.
        let copied = bytes.withContiguousStorageIfAvailable { source -> Bool in
            if let base = source.baseAddress, let target = copy.baseAddress {
                target.copyMemory(from: base, byteCount: source.count)
            }
            return true
        }
        if copied == nil { _ = copy.initializeMemory(as: UInt8.self, from: bytes) }
        guard let base = copy.baseAddress?.assumingMemoryBound(to: CChar.self),
            let reader = ax_reader_open_memory(base, Int32(bytes.count), name)
        else {
            copy.deallocate()
            throw XMLReadError(
                path: name, diagnostics: [.error("libxml2 could not start a reader", at: nil)])
        }
        handle = reader
        node = ax_reader_node(reader)
        buffer = copy
    }

    deinit {
        ax_reader_free(handle)
        if descriptor >= 0 { close(descriptor) }
        buffer?.deallocate()
    }

    /// Moves to the next node; false at the end of the document.
    ///
    /// - Throws: `XMLReadError` with every problem found when the document is malformed, or
    ///   declares or uses entities.
    public func read() throws -> Bool {
        try XMLResult.check(ax_reader_read(handle), errors: handle, path: path, line: line)
    }

    /// The current node's kind.
    public var kind: XMLNodeKind {
        switch node.pointee.type {
        case Int32(AX_NODE_ELEMENT): .element
        case Int32(AX_NODE_END_ELEMENT): .endElement
        case Int32(AX_NODE_TEXT): .text
        case Int32(AX_NODE_CDATA): .cdata
        case Int32(AX_NODE_WHITESPACE), Int32(AX_NODE_SIGNIFICANT_WHITESPACE): .whitespace
        default: .other
        }
    }

    /// The current node's depth: 0 for the root element.
    public var depth: Int { Int(node.pointee.depth) }

    /// Whether the current element is written `<name/>`: no end tag follows.
    public var isEmptyElement: Bool { node.pointee.is_empty != 0 }

    /// The line the parser is on: approximate, as the reader reads ahead.
    public var line: Int { Int(ax_reader_line(handle)) }

    /// `name` interned in this reader's dictionary, to compare with `name` of nodes.
    public func intern(_ name: String) -> XMLName {
        XMLName(pointer: ax_reader_intern(handle, name))
    }

    /// The current element's (or end tag's) local name, interned; `none` for other nodes and
    /// for attributes (see `forEachAttribute`).
    public var name: XMLName { XMLName(pointer: node.pointee.local_name) }

    /// The current node's local name (without prefix).
    public var localName: String {
        ax_reader_local_name(handle).map { String(cString: $0) } ?? ""
    }

    /// The current node's namespace URI, or `nil`.
    public var namespaceURI: String? {
        ax_reader_namespace_uri(handle).map { String(cString: $0) }
    }

    /// The current node's text: character data for text and CDATA nodes.
    public var value: String {
        ax_reader_value(handle).map { String(cString: $0) } ?? ""
    }

    /// Calls `body` with each attribute of the current element.
    ///
    /// `body` gets the attribute's interned local name, namespace URI and value. Namespace
    /// declarations are attributes too (`xmlns`).
    public func forEachAttribute(_ body: (XMLName, String?, String) -> Void) {
        while ax_reader_move_to_next_attribute(handle) == 1 {
            body(XMLName(pointer: ax_reader_local_name(handle)), namespaceURI, value)
        }
        _ = ax_reader_move_to_element(handle)
    }

    /// The current element's attributes: local name, namespace URI and value, in order.
    public func attributes() -> [(name: String, namespace: String?, value: String)] {
        var found: [(name: String, namespace: String?, value: String)] = []
        while ax_reader_move_to_next_attribute(handle) == 1 {
            found.append((localName, namespaceURI, value))
        }
        _ = ax_reader_move_to_element(handle)
        return found
    }
}

/// The results of reads in the C shim, turned into Swift: true (more), false (the end), or
/// the error with every problem libxml2 reported.
enum XMLResult {
    /// Opens the file at `path` for reading.
    ///
    /// - Returns: the file descriptor, which the caller closes.
    /// - Throws: `XMLReadError` when the file cannot be opened or is a folder.
    static func openFile(_ path: String) throws -> Int32 {
        let start = SourceLocation(path: path, line: 1, column: 1)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw XMLReadError(
                path: path,
                diagnostics: [
                    .error("cannot open the file: " + String(cString: strerror(errno)), at: start)
                ])
        }
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw XMLReadError(
                path: path, diagnostics: [.error("is a folder, not an XML file", at: start)])
        }
        return fd
    }

    /// Checks a read's `result`; `errors` is the handle whose error list to read.
    ///
    /// - Throws: `XMLReadError`.
    static func check(_ result: Int32, errors: OpaquePointer, path: String, line: Int) throws
        -> Bool
    {
        if result == 1 { return true }
        let found = problems(errors, path: path)
        if result == 0 {
            if found.contains(where: { $0.severity == .error }) {
                throw XMLReadError(path: path, diagnostics: found)
            }
            return false
        }
        if result == Int32(AX_READ_DTD_REFUSED) {
            throw XMLReadError(
                path: path,
                diagnostics: [
                    .error(
                        "the document has a DOCTYPE with declarations (<!ATTLIST …>, <!ELEMENT"
                            + " …>); their defaults would change what is read, and qmsaudit"
                            + " applies no DTD to files it imports, so remove the DOCTYPE or"
                            + " export without it",
                        at: SourceLocation(path: path, line: max(line, 1), column: 1))
                ])
        }
        if result == Int32(AX_READ_ENTITIES_REFUSED) {
            throw XMLReadError(
                path: path,
                diagnostics: [
                    .error(
                        "the document declares or uses entities (a DOCTYPE with <!ENTITY …>);"
                            + " qmsaudit does not expand entities in files it imports, so remove"
                            + " the DOCTYPE or export without it",
                        at: SourceLocation(path: path, line: max(line, 1), column: 1))
                ])
        }
        var diagnostics = found
        if !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics.append(
                .error(
                    "the XML cannot be read past this point",
                    at: SourceLocation(path: path, line: max(line, 1), column: 1)))
        }
        throw XMLReadError(path: path, diagnostics: diagnostics)
    }

    /// Every problem collected on `handle`, as diagnostics.
    static func problems(_ handle: OpaquePointer, path: String) -> [Diagnostic] {
        let count = Int(ax_reader_error_count(handle))
        var diagnostics: [Diagnostic] = []
        for index in 0..<min(count, 100) {
            let error = ax_reader_error(handle, Int32(index))
            let location =
                error.line > 0
                ? SourceLocation(
                    path: path, line: Int(error.line), column: max(Int(error.column), 1))
                : nil
            let message = String(cString: error.message)
            diagnostics.append(
                error.level >= 2 ? .error(message, at: location) : .warning(message, at: location))
        }
        if count > 100 {
            diagnostics.append(Diagnostic(.note, "\(count - 100) more problems not shown", at: nil))
        }
        return diagnostics
    }
}
