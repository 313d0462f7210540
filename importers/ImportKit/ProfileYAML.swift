public import AuditModel
public import Yams

/// The part every YAML profile shares: parsed, a mapping, only known keys, and a format
/// version this qmsaudit reads.
public enum ProfileYAML {
    /// Where `node` is in the profile at `path` (line 1, column 1 without a node).
    public static func location(_ node: Node?, path: String) -> SourceLocation {
        SourceLocation(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    /// The profile's root mapping, with a diagnostic for each unknown key and an unsupported
    /// `profile:` version; `nil` root when the text is not YAML or not a mapping.
    ///
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - path: the path shown in diagnostics.
    ///   - keys: the keys the profile may have.
    ///   - shape: what the profile is, for the error when it is not a mapping.
    /// - Returns: the root node (`nil` when unusable) and the problems found so far.
    public static func root(_ text: String, path: String, keys: [String], shape: String) -> (
        root: Node?, diagnostics: [Diagnostic]
    ) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            return (nil, [YAMLSyntaxError.diagnostic(for: error, path: path)])
        }
        guard let root, let mapping = root.mapping else {
            return (nil, [.error(shape, at: location(root, path: path))])
        }
        var diagnostics: [Diagnostic] = []
        for (key, _) in mapping where !keys.contains(key.string ?? "") {
            diagnostics.append(
                .error(
                    "unknown key '\(key.string ?? "")'; expected " + keys.joined(separator: ", "),
                    at: location(key, path: path)))
        }
        if let version = root["profile"], version.int != 1 {
            diagnostics.append(
                .error(
                    "profile format '\(version.string ?? "")' is not supported; this qmsaudit reads 1",
                    at: location(version, path: path)))
        }
        return (root, diagnostics)
    }

    /// The entries of the mapping `key` of `root` that name a known field, in order.
    ///
    /// An unknown field is a diagnostic at its name; no such mapping is one at the profile.
    ///
    /// - Returns: the entries (`nil` without the mapping) and the problems found.
    public static func fieldEntries(
        of root: Node, key: String, fields: [String], path: String
    ) -> (entries: [(field: String, value: Node)]?, diagnostics: [Diagnostic]) {
        guard let node = root[key], let mapping = node.mapping else {
            return (
                nil,
                [
                    .error(
                        "the profile has no '\(key)' mapping",
                        at: location(root[key] ?? root, path: path))
                ]
            )
        }
        var entries: [(field: String, value: Node)] = []
        var diagnostics: [Diagnostic] = []
        for (name, value) in mapping {
            let field = name.string ?? ""
            guard fields.contains(field) else {
                diagnostics.append(
                    .error(
                        "unknown field '\(field)'; fields are " + fields.joined(separator: ", "),
                        at: location(name, path: path)))
                continue
            }
            entries.append((field, value))
        }
        return (entries, diagnostics)
    }
}
