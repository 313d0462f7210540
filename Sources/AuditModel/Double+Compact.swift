extension Double {
    /// The number without a needless `.0`: `1`, `0.5`, `2.25`.
    public var compactDescription: String {
        if self == rounded(), abs(self) < 1e15 { return String(Int(self)) }
        return String(self)
    }
}
