// The checklist is copied into every audit file as JSON, so a later edit of a template never
// changes an audit already started. Its items and clauses are Codable where declared; the
// policy is coded by hand so verdicts and gates are stored by name, in a fixed order.

extension ScoringPolicy: Codable {
    private enum CodingKeys: String, CodingKey { case points, gates, findings, vocabulary }

    /// Decodes points by verdict name, gates by name, and the finding policy (standard if absent).
    ///
    /// - Throws: `DecodingError` when a verdict or gate is unknown.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let rawPoints = try container.decode([String: Double].self, forKey: .points)
        var points: [Verdict: Double] = [:]
        for (name, value) in rawPoints {
            guard let verdict = Verdict(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .points, in: container, debugDescription: "unknown verdict '\(name)'")
            }
            points[verdict] = value
        }
        let rawGates = try container.decode([String].self, forKey: .gates)
        var gates: Set<ReadinessGate> = []
        for name in rawGates {
            guard let gate = ReadinessGate(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .gates, in: container, debugDescription: "unknown gate '\(name)'")
            }
            gates.insert(gate)
        }
        // Audits created before findings existed have no finding policy: the standard one.
        let findings =
            try container.decodeIfPresent(FindingPolicy.self, forKey: .findings) ?? .standard
        self.init(points: points, gates: gates, findings: findings)
        let rawWords =
            try container.decodeIfPresent([String: String].self, forKey: .vocabulary) ?? [:]
        for (word, name) in rawWords {
            guard let verdict = Verdict(rawValue: name) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .vocabulary, in: container,
                    debugDescription: "unknown verdict '\(name)'")
            }
            words[word] = verdict
        }
    }

    /// Encodes points by verdict name and gates in a fixed order.
    ///
    /// - Throws: `EncodingError` from the encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(
            Dictionary(uniqueKeysWithValues: points.map { ($0.key.rawValue, $0.value) }),
            forKey: .points)
        try container.encode(
            ReadinessGate.allCases.filter(gates.contains).map(\.rawValue), forKey: .gates)
        try container.encode(findings, forKey: .findings)
        if !words.isEmpty {
            try container.encode(words.mapValues(\.rawValue), forKey: .vocabulary)
        }
    }
}
