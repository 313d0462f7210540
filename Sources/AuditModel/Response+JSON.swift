extension Response {
    /// The response as a JSON object with a fixed key order, as the journal records it.
    public var json: JSONValue {
        .object([
            ("item", .string(itemID)),
            ("verdict", .string(verdict.rawValue)),
            ("note", .string(note)),
            ("justification", .string(justification)),
            ("sample", .string(sample)),
            ("answered_at", .string(answeredAt)),
            ("answered_by", .string(answeredBy)),
        ])
    }

    /// The response as one line of compact JSON.
    public var compactJSON: String { json.compact() }
}
