public import AuditModel
import Yams

/// Names the columns of a kind of spreadsheet, so a register from the same system imports
/// without `--map` every time.
///
/// ```yaml
/// profile: 1
/// id: sharepoint
/// description: SharePoint library export
/// separator: ","          # optional: ',', ';' or 'tab'
/// columns:
///   title: Name
///   number: Doc ID
/// ```
public struct MappingProfile: Sendable {
    /// The profile's id, used with `--profile ID`.
    public var id: String
    /// What the profile is for.
    public var description: String
    /// The field separator, when the profile fixes it.
    public var separator: UInt8?
    /// qmsaudit's field → the column's header.
    public var columns: [String: String]

    /// Reads a profile, reporting every problem with its line and column.
    ///
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - path: the path shown in diagnostics.
    ///   - fields: the fields the importer knows, to check `columns` against.
    /// - Returns: the profile, or `nil` with the diagnostics that explain why.
    public static func parse(_ text: String, path: String, fields: [String])
        -> (profile: MappingProfile?, diagnostics: [Diagnostic])
    {
        var diagnostics: [Diagnostic] = []
        func at(_ node: Node?) -> SourceLocation {
            SourceLocation(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            return (nil, [YAMLSyntaxError.diagnostic(for: error, path: path)])
        }
        guard let root, let mapping = root.mapping else {
            return (
                nil,
                [.error("a profile is a mapping with 'profile', 'id' and 'columns'", at: at(root))]
            )
        }
        if let format = root["format"], format.string == "xml" {
            return (
                nil,
                [
                    .error(
                        "this is a profile for XML exports; use it with 'qmsaudit import xml'",
                        at: at(format))
                ]
            )
        }
        for (key, _) in mapping
        where !["profile", "id", "description", "separator", "columns"].contains(key.string ?? "") {
            diagnostics.append(
                .error(
                    "unknown key '\(key.string ?? "")'; expected profile, id, description, separator, columns",
                    at: at(key)))
        }
        if let version = root["profile"], version.int != 1 {
            diagnostics.append(
                .error(
                    "profile format '\(version.string ?? "")' is not supported; this qmsaudit reads 1",
                    at: at(version)))
        }
        let id = root["id"]?.string ?? ""
        if id.isEmpty { diagnostics.append(.error("the profile has no 'id'", at: at(root))) }
        var separator: UInt8?
        if let node = root["separator"] {
            switch node.string {
            case ",": separator = UInt8(ascii: ",")
            case ";": separator = UInt8(ascii: ";")
            case "tab", "\t": separator = 0x09
            default: diagnostics.append(.error("'separator' is ',', ';' or 'tab'", at: at(node)))
            }
        }
        var columns: [String: String] = [:]
        if let node = root["columns"], let entries = node.mapping {
            for (key, value) in entries {
                let field = key.string ?? ""
                guard fields.contains(field) else {
                    diagnostics.append(
                        .error(
                            "unknown field '\(field)'; fields are "
                                + fields.joined(separator: ", "), at: at(key)))
                    continue
                }
                guard let column = value.string, !column.isEmpty else {
                    diagnostics.append(
                        .error("the column for '\(field)' must be a header name", at: at(value)))
                    continue
                }
                columns[field] = column
            }
        } else {
            diagnostics.append(
                .error("the profile has no 'columns' mapping", at: at(root["columns"] ?? root)))
        }
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }
        let profile = MappingProfile(
            id: id, description: root["description"]?.string ?? "", separator: separator,
            columns: columns)
        return (profile, diagnostics)
    }
}
