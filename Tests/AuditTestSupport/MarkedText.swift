/// Text with position markers (`1️⃣`, `2️⃣`, …) that tests use to say where a diagnostic is
/// expected; the markers are removed and their 1-based line and column remembered.
public struct MarkedText: Sendable {
    /// The text without markers.
    public let text: String
    /// The position of each marker, by marker (for example `"1️⃣"`).
    public let markers: [String: (line: Int, column: Int)]

    private static let markerScalars: [Character] = [
        "0️⃣", "1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣",
    ]

    /// Strips markers from `marked`, recording where each stood.
    public init(_ marked: String) {
        var text = ""
        var markers: [String: (line: Int, column: Int)] = [:]
        var line = 1
        var column = 1
        for character in marked {
            if Self.markerScalars.contains(character) {
                markers[String(character)] = (line, column)
                continue
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += character.unicodeScalars.count
            }
        }
        self.text = text
        self.markers = markers
    }

    /// The position of `marker`, or (0, 0) when the text has no such marker.
    public subscript(_ marker: String) -> (line: Int, column: Int) {
        markers[marker] ?? (0, 0)
    }
}
