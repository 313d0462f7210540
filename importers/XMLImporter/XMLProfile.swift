import AuditModel
import ImportKit
import Yams

/// One step of a path: an element name (or `*`) with optional `[@attr='value']` tests.
struct PathStep {
    /// The local name, or `*` for any element.
    var name: String
    /// The namespace URI the profile's prefix stands for; `nil` matches any namespace.
    var namespace: String?
    /// Attribute tests: local name and the value it must have.
    var predicates: [(name: String, value: String)]
}

/// A path in a profile: element steps, then optionally an attribute.
struct ProfilePath {
    /// The text as written in the profile.
    var text: String
    /// Whether the path starts at the document's root (`/export/documents/document`); record
    /// paths that do not are matched at any depth.
    var anchored: Bool
    /// Element steps; empty for the record itself (`.` or `@id`).
    var steps: [PathStep]
    /// The attribute whose value is taken, when the path ends in `@name`.
    var attribute: String?
    /// Where the path is written in the profile.
    var location: SourceLocation?

    /// Parses `text`, resolving prefixes with `namespaces`.
    ///
    /// - Returns: the path, or why it cannot be read.
    static func parse(_ text: String, namespaces: [String: String], isRecord: Bool) -> Result<
        ProfilePath, PathError
    > {
        var rest = Substring(text.trimmingWhitespace())
        let anchored = rest.hasPrefix("/")
        if anchored {
            guard isRecord else {
                return .failure(
                    PathError("a field path is relative to the record; drop the leading '/'"))
            }
            rest = rest.dropFirst()
        }
        if rest.isEmpty || rest == "." {
            return isRecord
                ? .failure(PathError("the record path is empty"))
                : .success(ProfilePath(text: text, anchored: false, steps: [], attribute: nil))
        }
        var steps: [PathStep] = []
        var attribute: String?
        let parts = splitSteps(rest)
        for (index, part) in parts.enumerated() {
            if part.hasPrefix("@") {
                guard index == parts.count - 1, !isRecord else {
                    return .failure(PathError("'\(part)': an attribute can only end a field path"))
                }
                let name = String(part.dropFirst())
                guard isName(name) else {
                    return .failure(PathError("'\(part)' is not an attribute name"))
                }
                attribute = name.split(separator: ":").last.map(String.init)
                continue
            }
            if part == "." && index == 0 { continue }
            switch parseStep(part, namespaces: namespaces) {
            case .success(let step): steps.append(step)
            case .failure(let error): return .failure(error)
            }
        }
        if isRecord && steps.isEmpty {
            return .failure(PathError("the record path names no element"))
        }
        return .success(
            ProfilePath(text: text, anchored: anchored, steps: steps, attribute: attribute))
    }

    /// Splits at `/` outside `[…]`.
    private static func splitSteps(_ text: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == "[" {
                depth += 1
            } else if character == "]" {
                depth -= 1
            } else if character == "/" && depth == 0 {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    private static func parseStep(_ text: String, namespaces: [String: String]) -> Result<
        PathStep, PathError
    > {
        var rest = Substring(text)
        let nameEnd = rest.firstIndex(of: "[") ?? rest.endIndex
        let qualified = String(rest[..<nameEnd])
        rest = rest[nameEnd...]
        guard qualified == "*" || isName(qualified) else {
            return .failure(PathError("'\(text)' is not an element step (name, prefix:name or *)"))
        }
        var name = qualified
        var namespace: String?
        if let colon = qualified.firstIndex(of: ":") {
            let prefix = String(qualified[..<colon])
            guard let uri = namespaces[prefix] else {
                return .failure(
                    PathError(
                        "prefix '\(prefix)' is not declared under 'namespaces' in the profile"))
            }
            namespace = uri
            name = String(qualified[qualified.index(after: colon)...])
        }
        var predicates: [(String, String)] = []
        while !rest.isEmpty {
            // [@name='value'] or [@name="value"]
            guard rest.hasPrefix("[@"), let close = rest.firstIndex(of: "]") else {
                return .failure(PathError("'\(text)': a test is written [@attribute='value']"))
            }
            let inner = rest[rest.index(rest.startIndex, offsetBy: 2)..<close]
            let pieces = inner.split(separator: "=", maxSplits: 1)
            guard pieces.count == 2, isName(String(pieces[0])) else {
                return .failure(PathError("'\(text)': a test is written [@attribute='value']"))
            }
            var value = String(pieces[1]).trimmingWhitespace()
            guard value.count >= 2, let first = value.first, first == "'" || first == "\"",
                value.last == first
            else {
                return .failure(PathError("'\(text)': quote the value in [@\(pieces[0])='…']"))
            }
            value = String(value.dropFirst().dropLast())
            let attribute = pieces[0].split(separator: ":").last.map(String.init) ?? ""
            predicates.append((attribute, value))
            rest = rest[rest.index(after: close)...]
        }
        return .success(PathStep(name: name, namespace: namespace, predicates: predicates))
    }

    private static func isName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first != ":", !("0"..."9").contains(first),
            first != "-", first != "."
        else { return false }
        return text.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0)
                || "_-.:".unicodeScalars.contains($0)
        } && text.filter { $0 == ":" }.count <= 1
    }
}

/// Why a profile path cannot be read.
struct PathError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

/// How an XML export maps to evidence: the record element, and where each field is in it.
///
/// Written in YAML and documented in `importers/README.md`.
///
/// ```yaml
/// profile: 1
/// format: xml
/// id: document-register
/// record: documents/document
/// namespaces: { dc: "http://purl.org/dc/elements/1.1/" }
/// fields:
///   number: "@id"
///   title: dc:title
///   clause: [clauses/clause, "field[@name='iso_clause']"]
/// html: [title]
/// ```
struct XMLProfile {
    var id: String
    var description: String
    var record: ProfilePath
    /// Fields in the order written, each with the paths whose values it collects.
    var fields: [(field: String, paths: [ProfilePath])]
    /// Fields whose text is HTML, turned into plain text.
    var html: Set<String>

    static let keys = [
        "profile", "format", "id", "description", "record", "namespaces", "fields", "html",
    ]

    /// Reads a profile, reporting every problem with its line and column.
    static func parse(_ text: String, path: String) -> (XMLProfile?, [Diagnostic]) {
        func at(_ node: Node?) -> SourceLocation { ProfileYAML.location(node, path: path) }
        let (parsed, problems) = ProfileYAML.root(
            text, path: path, keys: keys,
            shape: "an XML profile is a mapping with 'record' and 'fields'")
        guard let root = parsed else { return (nil, problems) }
        var diagnostics = problems
        if let format = root["format"], format.string != "xml" {
            diagnostics.append(.error("'format' of an XML profile is 'xml'", at: at(format)))
        }
        var namespaces: [String: String] = [:]
        if let node = root["namespaces"] {
            if let entries = node.mapping {
                for (prefix, uri) in entries {
                    guard let key = prefix.string, let value = uri.string, !value.isEmpty else {
                        diagnostics.append(.error("a namespace is 'prefix: URI'", at: at(prefix)))
                        continue
                    }
                    namespaces[key] = value
                }
            } else {
                diagnostics.append(.error("'namespaces' maps prefixes to URIs", at: at(node)))
            }
        }
        var record: ProfilePath?
        if let node = root["record"], let text = node.string {
            switch ProfilePath.parse(text, namespaces: namespaces, isRecord: true) {
            case .success(let path): record = path
            case .failure(let error): diagnostics.append(.error(error.message, at: at(node)))
            }
        } else {
            diagnostics.append(
                .error(
                    "the profile has no 'record': the path of the element that is one record",
                    at: at(root["record"] ?? root)))
        }
        let known = TableImport.fields.map(\.field)
        var fields: [(String, [ProfilePath])] = []
        let mapped = ProfileYAML.fieldEntries(of: root, key: "fields", fields: known, path: path)
        diagnostics += mapped.diagnostics
        for (field, value) in mapped.entries ?? [] {
            let texts: [(String, Node)]
            if let text = value.string {
                texts = [(text, value)]
            } else if let list = value.sequence {
                texts = list.map { ($0.string ?? "", $0) }
            } else {
                diagnostics.append(
                    .error("the path of '\(field)' is text or a list of paths", at: at(value)))
                continue
            }
            var paths: [ProfilePath] = []
            for (text, node) in texts {
                switch ProfilePath.parse(text, namespaces: namespaces, isRecord: false) {
                case .success(var path):
                    path.location = at(node)
                    paths.append(path)
                case .failure(let error):
                    diagnostics.append(.error(error.message, at: at(node)))
                }
            }
            fields.append((field, paths))
        }
        if mapped.entries != nil {
            let names = Set(fields.map(\.0))
            if !names.contains("title") && !names.contains("number") {
                diagnostics.append(
                    .error("'fields' must give 'title' or 'number'", at: at(root["fields"])))
            }
        }
        var html: Set<String> = []
        if let node = root["html"] {
            for item in node.sequence ?? [node] {
                guard let name = item.string, known.contains(name) else {
                    diagnostics.append(
                        .error("'html' lists fields whose text is HTML", at: at(item)))
                    continue
                }
                html.insert(name)
            }
        }
        guard !diagnostics.containsErrors, let record else { return (nil, diagnostics) }
        let profile = XMLProfile(
            id: root["id"]?.string ?? "", description: root["description"]?.string ?? "",
            record: record, fields: fields, html: html)
        return (profile, diagnostics)
    }
}
