/// Plain text out of HTML held in an XML field (often in CDATA): tags dropped, block
/// elements and `<br>` as line breaks, entities decoded, white space collapsed.
///
/// Deliberately simple and safe: no parser, no scripts, nothing fetched. Text inside
/// `<script>` and `<style>` is dropped.
enum HTMLText {
    static let blocks: Set<String> = [
        "p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "section", "article", "header", "footer",
    ]

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": " ", "ndash": "–",
        "mdash": "—", "hellip": "…", "sect": "§", "copy": "©", "reg": "®", "euro": "€",
        "laquo": "«", "raquo": "»", "bull": "•", "middot": "·", "deg": "°",
    ]

    /// The text of `html`, lines separated by `\n`, spaces collapsed.
    static func plain(_ html: String) -> String {
        var output = ""
        var index = html.startIndex
        var skipping: String?
        while index < html.endIndex {
            let character = html[index]
            if character == "<" {
                guard let close = html[index...].firstIndex(of: ">") else { break }
                let tag = html[html.index(after: index)..<close]
                let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
                if let skipped = skipping {
                    if tag.hasPrefix("/") && name == skipped { skipping = nil }
                } else if !tag.hasPrefix("/") && (name == "script" || name == "style")
                    && !tag.hasSuffix("/")
                {
                    skipping = name
                } else if blocks.contains(name) {
                    output.append("\n")
                }
                index = html.index(after: close)
                continue
            }
            if skipping != nil {
                index = html.index(after: index)
                continue
            }
            if character == "&", let semicolon = html[index...].prefix(12).firstIndex(of: ";") {
                let name = html[html.index(after: index)..<semicolon]
                if let decoded = decode(name) {
                    output += decoded
                    index = html.index(after: semicolon)
                    continue
                }
            }
            output.append(character)
            index = html.index(after: index)
        }
        return output.split(separator: "\n").map {
            $0.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{A0}" })
                .joined(separator: " ")
        }.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    private static func decode(_ name: Substring) -> String? {
        if name.hasPrefix("#x") || name.hasPrefix("#X"),
            let value = UInt32(name.dropFirst(2), radix: 16)
        {
            return Unicode.Scalar(value).map { String(Character($0)) }
        }
        if name.hasPrefix("#"), let value = UInt32(name.dropFirst()) {
            return Unicode.Scalar(value).map { String(Character($0)) }
        }
        return entities[String(name)]
    }
}
