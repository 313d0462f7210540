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
        func at(_ node: Node?) -> SourceLocation { ProfileYAML.location(node, path: path) }
        let (parsed, problems) = ProfileYAML.root(
            text, path: path,
            keys: ["profile", "id", "description", "separator", "columns", "format"],
            shape: "a profile is a mapping with 'profile', 'id' and 'columns'")
        guard let root = parsed else { return (nil, problems) }
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
        var diagnostics = problems
        if let format = root["format"] {
            diagnostics.append(
                .error("'format' is 'xml' for XML profiles; leave it out here", at: at(format)))
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
        let mapped = ProfileYAML.fieldEntries(
            of: root, key: "columns", fields: fields, path: path)
        diagnostics += mapped.diagnostics
        for (field, value) in mapped.entries ?? [] {
            guard let column = value.string, !column.isEmpty else {
                diagnostics.append(
                    .error("the column for '\(field)' must be a header name", at: at(value)))
                continue
            }
            columns[field] = column
        }
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }
        let profile = MappingProfile(
            id: id, description: root["description"]?.string ?? "", separator: separator,
            columns: columns)
        return (profile, diagnostics)
    }
}
