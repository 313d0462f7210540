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
