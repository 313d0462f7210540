import AuditModel
import AuditReport
import AuditStore

extension OSCALInput {
    /// Reads what the OSCAL exports need from `file`: only the evidence that answers link
    /// and findings cite, not the whole register.
    init(_ file: AuditFile) throws {
        let register = try file.findingRegister()
        let links = try file.links()
        let named = Set(links.values.joined()).union(register.findings.flatMap(\.evidenceIDs))
        var evidence: [String: Evidence] = [:]
        for id in named {
            if let record = try file.evidence(id: id) { evidence[id] = record }
        }
        let journal = try file.journal()
        self.init(
            info: try file.info(), checklist: try file.checklist(), responses: try file.responses(),
            register: register, plan: try file.plan(), links: links, evidence: evidence,
            lastChange: journal.last?.time ?? "", events: journal.count)
    }
}
