extension Int {
    /// The count with its noun, singular or plural: `1 item`, `3 items`, `2 entries`.
    ///
    /// - Parameters:
    ///   - noun: the singular noun.
    ///   - plural: the plural, when it is not the noun with an `s`.
    /// - Returns: the count and the noun, separated by a space.
    public func counted(_ noun: String, plural: String? = nil) -> String {
        "\(self) \(self == 1 ? noun : plural ?? noun + "s")"
    }
}

extension Int {
    /// The number with its thousands grouped by commas, whatever the locale: `2,857`.
    public var grouped: String {
        let digits = String(self.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (self < 0 ? "-" : "") + result
    }
}
