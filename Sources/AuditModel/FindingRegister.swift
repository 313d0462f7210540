/// Every finding of an audit with its corrective-action records: what readiness, the NC report
/// and the follow-up commands read.
public struct FindingRegister: Hashable, Sendable {
    /// The findings, in id order (by prefix, then number).
    public var findings: [Finding]
    /// The corrective-action records by finding id.
    public var actions: [String: CorrectiveAction]

    /// An audit with no findings.
    public static let empty = FindingRegister(findings: [], actions: [:])

    /// Creates a register; findings are sorted by id.
    public init(findings: [Finding], actions: [String: CorrectiveAction]) {
        self.findings = findings.sorted { Finding.precedes($0.id, $1.id) }
        self.actions = actions
    }

    /// The finding with this id, ignoring case.
    public func finding(_ id: String) -> Finding? {
        findings.first { $0.id == id } ?? findings.first { $0.id.uppercased() == id.uppercased() }
    }

    /// Drafts: findings neither complete nor withdrawn.
    public var drafts: [Finding] { findings.filter(\.isDraft) }

    /// Major nonconformities not withdrawn whose corrective action is not closed.
    public var openMajors: [Finding] {
        findings.filter { finding in
            finding.findingClass == .major && !finding.isWithdrawn
                && actions[finding.id]?.state != .closed
        }
    }

    /// The finding opened from the answer to `itemID` and still in force, if any.
    public func openedFromAnswer(_ itemID: String) -> Finding? {
        findings.last { $0.origin == .answer && $0.itemID == itemID && !$0.isWithdrawn }
    }
}

/// Where a finding stands, for lists and reports.
public enum FindingStatus: String, CaseIterable, Sendable {
    /// A part of the statement is missing.
    case draft
    /// A nonconformity whose corrective action is not closed.
    case open
    /// A nonconformity whose corrective action is closed.
    case closed
    /// An observation, OFI or strength, complete: nothing to follow up.
    case recorded
    /// Withdrawn.
    case withdrawn
}

extension FindingRegister {
    /// Where `finding` stands.
    public func status(of finding: Finding) -> FindingStatus {
        if finding.isWithdrawn { return .withdrawn }
        if finding.isDraft { return .draft }
        guard finding.isNonconformity else { return .recorded }
        return actions[finding.id]?.state == .closed ? .closed : .open
    }
}

extension Finding {
    /// The evidence ids cited in `text` (`EV-12`, `ev-0012`), normalised (`EV-0012`), in order
    /// of first mention.
    public static func citedEvidence(in text: String) -> [String] {
        var ids: [String] = []
        let words = text.split { !($0.isLetter || $0.isNumber || $0 == "-") }
        for word in words {
            guard let number = Evidence.number(id: String(word)) else { continue }
            let id = Evidence.id(number: number)
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }
}
