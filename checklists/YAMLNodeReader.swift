import AuditModel
import Yams

/// Reads values out of a composed YAML tree, collecting a located diagnostic for every value
/// of the wrong shape instead of stopping at the first.
///
/// Yams' `Codable` decoder reports a type mismatch with a coding path but no position, and stops
/// at the first one; walking the node tree keeps each node's line and column.
struct YAMLNodeReader {
    /// The path used in diagnostics.
    let path: String
    /// Every problem found so far.
    private(set) var diagnostics: [Diagnostic] = []

    init(path: String) {
        self.path = path
    }

    /// Composes `text` into a node tree, turning a YAML syntax error into a diagnostic.
    mutating func compose(_ text: String) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            diagnostics.append(Self.diagnostic(for: error, path: path))
            return nil
        } catch {
            diagnostics.append(.error("cannot read YAML: \(error)", at: nil))
            return nil
        }
    }

    static func diagnostic(for error: YamlError, path: String) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(path: path, line: mark.line, column: mark.column)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line))"
            }
            return .error(message, at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error("duplicate key \(keys) in one mapping", at: at(context.mark))
        case .reader(let problem, let offset, _, _):
            let suffix = offset.map { " at byte \($0)" } ?? ""
            return .error(
                "cannot read the file as UTF-8 text: \(problem)\(suffix)",
                at: SourceLocation(path: path, line: 1, column: 1))
        default:
            return .error("invalid YAML: \(error)", at: nil)
        }
    }

    // MARK: - Positions and reporting

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ message: String, at node: Node) {
        diagnostics.append(.error(message, at: location(node)))
    }

    mutating func warning(_ message: String, at node: Node) {
        diagnostics.append(.warning(message, at: location(node)))
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// A short phrase for what a node is, for "expected X, found Y" messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let scalar):
            if node.tag.kind == .null { return "nothing" }
            return "'\(scalar.string)'"
        case .alias: return "an alias"
        }
    }

    // MARK: - Shapes

    /// The entries of a mapping, checked against the keys it may and must have.
    ///
    /// Unknown keys are errors (they are usually typos); missing required keys are reported at
    /// the mapping. Returns `nil`, after reporting, when the node is not a mapping.
    mutating func mapping(
        _ node: Node, what: String, allowed: [String], required: [String] = []
    ) -> Fields? {
        guard let mapping = node.mapping else {
            error("expected \(what) as a mapping, found \(Self.describe(node))", at: node)
            return nil
        }
        var fields = Fields(node: node)
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                error("a key in \(what) must be plain text", at: key)
                continue
            }
            if !allowed.contains(name) {
                let known = allowed.map { "'\($0)'" }.joined(separator: ", ")
                error("unknown key '\(name)' in \(what); expected one of \(known)", at: key)
                continue
            }
            fields.entries[name] = (key, value)
        }
        for name in required where fields.entries[name] == nil {
            error("\(what) is missing '\(name)'", at: node)
        }
        return fields
    }

    /// The elements of a list; a missing or null value is an empty list.
    mutating func sequence(_ node: Node?, what: String) -> [Node] {
        guard let node, !Self.isNull(node) else { return [] }
        guard let sequence = node.sequence else {
            error("expected \(what) as a list, found \(Self.describe(node))", at: node)
            return []
        }
        return Array(sequence)
    }

    static func isNull(_ node: Node) -> Bool {
        node.scalar != nil && node.tag.kind == .null
    }

    /// A text value; numbers and booleans are taken as written (`4.10` stays `4.10`).
    mutating func string(_ node: Node?, what: String) -> String? {
        guard let node else { return nil }
        if Self.isNull(node) { return nil }
        guard let scalar = node.scalar else {
            error("expected \(what) as text, found \(Self.describe(node))", at: node)
            return nil
        }
        return scalar.string
    }

    /// A non-empty text value; an empty one is reported.
    mutating func requiredString(_ node: Node?, what: String, in parent: Node) -> String? {
        guard let node else { return nil }  // missing keys are reported by `mapping`
        guard let value = string(node, what: what) else {
            if Self.isNull(node) { error("\(what) must not be empty", at: node) }
            return nil
        }
        if value.trimmingWhitespace().isEmpty {
            error("\(what) must not be empty", at: node)
            return nil
        }
        return value
    }

    /// A number written as a YAML integer or float.
    mutating func number(_ node: Node?, what: String) -> Double? {
        guard let node else { return nil }
        guard node.scalar != nil, node.tag.kind == .int || node.tag.kind == .float,
            let value = node.float
        else {
            error("expected \(what) as a number, found \(Self.describe(node))", at: node)
            return nil
        }
        return value
    }

    /// A whole number.
    mutating func integer(_ node: Node?, what: String) -> Int? {
        guard let node else { return nil }
        guard node.scalar != nil, node.tag.kind == .int, let value = node.int else {
            error("expected \(what) as a whole number, found \(Self.describe(node))", at: node)
            return nil
        }
        return value
    }

    /// A boolean written `true` or `false`.
    mutating func bool(_ node: Node?, what: String) -> Bool? {
        guard let node else { return nil }
        guard node.scalar != nil, node.tag.kind == .bool, let value = node.bool else {
            error("expected \(what) as true or false, found \(Self.describe(node))", at: node)
            return nil
        }
        return value
    }

    /// One of a closed set of values, by raw value.
    mutating func choice<T: RawRepresentable & CaseIterable>(
        _ node: Node?, what: String, as type: T.Type
    ) -> T? where T.RawValue == String {
        guard let node, let text = string(node, what: what) else { return nil }
        if let value = T(rawValue: text) { return value }
        let known = T.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        error("unknown \(what) '\(text)'; expected one of \(known)", at: node)
        return nil
    }

    /// A list of text values.
    mutating func strings(_ node: Node?, what: String) -> [(String, Node)] {
        sequence(node, what: what).compactMap { element in
            string(element, what: what).map { ($0, element) }
        }
    }
}

/// The entries of one YAML mapping, by key, with the mapping node itself for positions.
struct Fields {
    let node: Node
    var entries: [String: (key: Node, value: Node)] = [:]

    init(node: Node) {
        self.node = node
    }

    subscript(_ key: String) -> Node? { entries[key]?.value }

    /// The key node of an entry, for diagnostics about the entry as a whole.
    func keyNode(_ key: String) -> Node? { entries[key]?.key }
}

extension Tag {
    /// The resolved tag's name (`Tag.name` itself is not public in Yams).
    var kind: Tag.Name { Tag.Name(rawValue: rawValue) }
}
