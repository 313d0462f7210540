extension String {
    /// The text without leading and trailing white space (spaces, tabs, line breaks).
    ///
    /// Most cells and values have nothing to trim, so the end bytes are checked first and the
    /// string is returned as it is without walking its characters.
    public func trimmingWhitespace() -> String {
        let bytes = utf8
        guard let first = bytes.first, let last = bytes.last else { return self }
        func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }
        if !isSpace(first) && !isSpace(last) && first < 0x80 && last < 0x80 { return self }
        var slice = self[...]
        while let character = slice.first, character.isWhitespace { slice = slice.dropFirst() }
        while let character = slice.last, character.isWhitespace { slice = slice.dropLast() }
        return String(slice)
    }
}
