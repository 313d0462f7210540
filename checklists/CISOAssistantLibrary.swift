public import AuditModel
import Foundation
import Yams

/// Turns a CISO Assistant framework library (YAML: `objects.framework.requirement_nodes`, each
/// with `urn`, `ref_id`, `name`, `description`, `assessable`, `depth`, `parent_urn`) into a
/// qmsaudit checklist file, so one audit tool serves the other management-system standards
/// such libraries cover.
///
/// Clauses come from the node tree (a node's `ref_id` is its number when it is one, such as
/// `6.1.2`; otherwise it is numbered by its place under its parent, its `ref_id` kept in the
/// label); an item is made for each assessable node, its question the node's own text, marked
/// as coming from the library, whose licence and copyright notice head the file. No mandatory
/// documented information is assumed: the auditor adds it in an overlay.
public enum CISOAssistantLibrary {
    /// The checklist YAML `text` (read from `path`) converts to, or `nil` with every problem at
    /// its line and column: not a framework library, nodes without `urn` or `ref_id`, a
    /// `parent_urn` naming no node, parents that form a cycle, a `urn` listed twice.
    public static func convert(_ text: String, path: String) -> (
        yaml: String?, diagnostics: [Diagnostic]
    ) {
        var reader = YAMLNodeReader(path: path)
        guard let root = reader.compose(text) else { return (nil, reader.diagnostics) }
        func at(_ node: Node?) -> SourceLocation {
            SourceLocation(path: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
        }
        var diagnostics: [Diagnostic] = []
        guard let framework = root["objects"]?["framework"],
            let nodes = framework["requirement_nodes"]?.sequence
        else {
            return (
                nil,
                [
                    .error(
                        "not a CISO Assistant framework library: it has no"
                            + " objects.framework.requirement_nodes", at: at(root))
                ]
            )
        }
        struct Requirement {
            var urn: String
            var refID: String
            var name: String
            var description: String
            var assessable: Bool
            var parent: String?
            var node: Node
        }
        var requirements: [Requirement] = []
        var byURN: [String: Int] = [:]
        for node in nodes {
            guard let urn = node["urn"]?.string, !urn.isEmpty else {
                diagnostics.append(.error("a requirement node has no 'urn'", at: at(node)))
                continue
            }
            if let first = byURN[urn] {
                diagnostics.append(
                    .error(
                        "urn '\(urn)' is listed twice (first on line"
                            + " \(requirements[first].node.mark?.line ?? 0))", at: at(node["urn"])))
                continue
            }
            let refID = node["ref_id"]?.string ?? ""
            byURN[urn] = requirements.count
            requirements.append(
                Requirement(
                    urn: urn, refID: refID, name: node["name"]?.string ?? "",
                    description: node["description"]?.string ?? "",
                    assessable: node["assessable"]?.bool ?? false,
                    parent: node["parent_urn"]?.string, node: node))
        }
        for requirement in requirements {
            if let parent = requirement.parent, byURN[parent] == nil {
                diagnostics.append(
                    .error(
                        "parent_urn '\(parent)' names no requirement node of the library",
                        at: at(requirement.node["parent_urn"])))
            }
            if requirement.refID.isEmpty && requirement.name.isEmpty {
                diagnostics.append(
                    .error(
                        "a requirement node has neither 'ref_id' nor 'name'",
                        at: at(requirement.node)))
            }
        }
        // Every chain of parents must end at a top node.
        for (index, requirement) in requirements.enumerated() {
            var seen: Set<Int> = [index]
            var current = requirement.parent.flatMap { byURN[$0] }
            while let parent = current {
                if !seen.insert(parent).inserted {
                    diagnostics.append(
                        .error(
                            "the parents of '\(requirement.urn)' form a cycle",
                            at: at(requirement.node["parent_urn"])))
                    break
                }
                current = requirements[parent].parent.flatMap { byURN[$0] }
            }
        }
        guard !diagnostics.containsErrors else { return (nil, diagnostics) }

        // Clause numbers: the ref_id when it is one and fits under its parent's, claimed
        // first; the other nodes (`A.5.1`, `Annex A`) are numbered after the claimed ones
        // under the same parent (an annex after clause 10 becomes 11).
        var numbers: [Int: ClauseNumber] = [:]
        var used: Set<ClauseNumber> = []
        func parentIndex(_ index: Int) -> Int? { requirements[index].parent.flatMap { byURN[$0] } }
        func claimed(_ index: Int) -> ClauseNumber? {
            guard let own = ClauseNumber(requirements[index].refID) else { return nil }
            if let parent = parentIndex(index) {
                guard let parentOwn = claimed(parent), parentOwn.isAncestor(of: own),
                    own.depth == parentOwn.depth + 1
                else { return nil }
                return own
            }
            return own.depth == 1 ? own : nil
        }
        for index in requirements.indices {
            if let own = claimed(index), !used.contains(own) {
                numbers[index] = own
                used.insert(own)
            }
        }
        func number(of index: Int) -> ClauseNumber {
            if let known = numbers[index] { return known }
            let parentNumber = parentIndex(index).map(number(of:))
            var slot =
                used.filter { $0.parent == parentNumber }.map {
                    $0.components.last ?? 0
                }.max() ?? 0
            while true {
                slot += 1
                guard
                    let chosen = ClauseNumber(
                        components: (parentNumber?.components ?? []) + [slot]),
                    !used.contains(chosen)
                else { continue }
                used.insert(chosen)
                numbers[index] = chosen
                return chosen
            }
        }
        for index in requirements.indices { _ = number(of: index) }

        let libraryName = root["name"]?.string ?? framework["name"]?.string ?? "library"
        let refID = framework["ref_id"]?.string ?? root["ref_id"]?.string ?? libraryName
        var id = String(
            refID.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        while id.contains("--") { id = id.replacingOccurrences(of: "--", with: "-") }
        id = String(id.drop { $0 == "-" }.reversed().drop { $0 == "-" }.reversed())
        if id.isEmpty { id = "library" }

        var lines: [String] = []
        func comment(_ text: String) {
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                lines.append("# " + line)
            }
        }
        comment(
            "Converted from the CISO Assistant library \(root["urn"]?.string ?? path)"
                + " by 'qmsaudit checklist convert ciso-assistant'.")
        comment(
            "Questions are the library's requirement texts, kept as the library gives them:"
                + " they are its authors' words, not qmsaudit's.")
        for key in ["provider", "packager", "version", "copyright", "licence", "license"] {
            if let value = root[Node(key)]?.string ?? framework[Node(key)]?.string {
                comment("\(key): \(value)")
            }
        }
        lines.append("format: 1")
        lines.append("id: " + quote(id))
        lines.append("title: " + quote(framework["name"]?.string ?? libraryName))
        lines.append("standard: " + quote(libraryName))
        lines.append("edition: " + quote(refID))
        lines.append("revision: " + quote(root["version"]?.string ?? "1"))
        lines.append("clauses:")
        var itemIDs: Set<String> = []
        let numbered = requirements.indices.compactMap { index in
            numbers[index].map { (index: index, clause: $0) }
        }.sorted { $0.clause < $1.clause }
        for (index, clause) in numbered {
            let requirement = requirements[index]
            lines.append("  - number: " + quote(clause.description))
            let title = requirement.name.isEmpty ? requirement.refID : requirement.name
            lines.append("    title: " + quote(title))
            lines.append(
                "    label: "
                    + quote("\(requirement.refID) \(requirement.name)".trimmingWhitespace()))
            guard requirement.assessable else { continue }
            var itemID = String(
                requirement.refID.map {
                    $0.isASCII
                        && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_")
                        ? $0 : "-"
                })
            let first = itemID.first ?? "-"
            if !(first.isLetter || first.isNumber) || itemIDs.contains(itemID)
                || itemID.count > 36
            {
                itemID = "\(clause)-q"
            }
            itemIDs.insert(itemID)
            let question =
                requirement.description.isEmpty ? requirement.name : requirement.description
            lines.append("    items:")
            lines.append("      - id: " + quote(itemID))
            lines.append(
                "        question: "
                    + quote(question.split(whereSeparator: \.isNewline).joined(separator: " ")))
            lines.append(
                "        guidance: "
                    + quote(
                        "From the CISO Assistant library: \(requirement.refID) \(requirement.name)")
            )
        }
        return (lines.joined(separator: "\n") + "\n", diagnostics)
    }

    /// A YAML double-quoted scalar.
    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += String(format: "\\x%02X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
