import AuditModel

/// A gitignore-style pattern: `*` matches within a path component, `**` across components,
/// `?` one character; a pattern without `/` matches a name at any depth; a leading `/` anchors
/// it to the root; a trailing `/` matches folders only; `!` negates.
struct PathPattern: Sendable {
    let negated: Bool
    let foldersOnly: Bool
    private let components: [String]
    private let anchored: Bool

    init?(_ line: String) {
        var text = line.trimmingWhitespace()
        if text.isEmpty || text.hasPrefix("#") { return nil }
        negated = text.hasPrefix("!")
        if negated { text.removeFirst() }
        foldersOnly = text.hasSuffix("/")
        while text.hasSuffix("/") { text.removeLast() }
        anchored = text.hasPrefix("/") || text.dropLast().contains("/")
        while text.hasPrefix("/") { text.removeFirst() }
        components = text.split(separator: "/").map(String.init)
        if components.isEmpty { return nil }
    }

    /// Whether the pattern matches `path` (relative to the root, `/`-separated).
    func matches(_ path: String, isFolder: Bool) -> Bool {
        if foldersOnly && !isFolder { return false }
        let parts = path.split(separator: "/").map(String.init)
        if anchored { return Self.match(components[...], parts[...]) }
        // An unanchored pattern may start at any component.
        return parts.indices.contains { Self.match(components[...], parts[$0...]) }
    }

    private static func match(_ pattern: ArraySlice<String>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        if first == "**" {
            let rest = pattern.dropFirst()
            return (path.startIndex...path.endIndex).contains { match(rest, path[$0...]) }
        }
        guard let name = path.first, glob(Array(first), Array(name)) else { return false }
        return match(pattern.dropFirst(), path.dropFirst())
    }

    static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0
        var t = 0
        var star = -1
        var mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1
                t += 1
            } else if p < pattern.count, pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}

/// The patterns of a `.qmsauditignore` file; the last matching pattern decides.
struct IgnoreList: Sendable {
    let patterns: [PathPattern]

    init(text: String) {
        patterns = text.split(whereSeparator: \.isNewline).compactMap { PathPattern(String($0)) }
    }

    func ignores(_ path: String, isFolder: Bool) -> Bool {
        var ignored = false
        for pattern in patterns where pattern.matches(path, isFolder: isFolder) {
            ignored = !pattern.negated
        }
        return ignored
    }
}
