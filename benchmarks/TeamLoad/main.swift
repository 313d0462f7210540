// One auditor of the team-load benchmark (benchmarks/team-load): a long-running client of a
// shared programme on PostgreSQL that, until its time is up, moves corrective actions on (its
// own audit's, and one in five times the action every auditor shares) and now and then
// attaches its audit file after more work. It writes what it did, and how long each action
// update took, for the script to check against the programme's journal.
//
// Usage: qmsaudit-team-load ADDRESS WORKER SECONDS PAUSE_MS AUDIT_FILE OUT_FILE
// PAUSE_MS: the mean pause between one auditor's changes (0: none, as fast as it can).
import AuditModel
import AuditStore
import Foundation
import PostgresProgramme

let arguments = CommandLine.arguments
guard arguments.count == 7, let worker = Int(arguments[2]), let seconds = Double(arguments[3]),
    let pause = Double(arguments[4])
else {
    FileHandle.standardError.write(
        Data(
            "usage: qmsaudit-team-load ADDRESS WORKER SECONDS PAUSE_MS AUDIT_FILE OUT_FILE\n".utf8))
    exit(2)
}
let (address, auditPath, output) = (arguments[1], arguments[5], arguments[6])

func context() -> ChangeContext {
    ChangeContext(actor: "Auditor \(worker)", command: "team-load", time: Timestamp.now())
}

func nanoseconds() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

do {
    let programme = try PostgresProgramme.open(address)
    let audit = try AuditFile.open(at: auditPath)
    let deadline = nanoseconds() + UInt64(seconds * 1e9)
    var moved: [String: Int] = [:]
    var conflicts = 0
    var attaches = 0
    var latencies: [Int] = []
    var attachLatencies: [Int] = []
    var round = 0
    while nanoseconds() < deadline {
        if pause > 0 {
            // Uniform around the mean, so the auditors do not act in step.
            usleep(UInt32(Double.random(in: 0...(2 * pause)) * 1000))
        }
        round += 1
        let auditID = round % 5 == 0 ? "IA-1" : "IA-\(worker)"
        let start = nanoseconds()
        do {
            try programme.changeAction(
                auditID: auditID, findingID: "NC-001", action: "update", context: context()
            ) { action, _, _ in action.extent = "Auditor \(worker), round \(round)" }
            moved["\(auditID)/NC-001", default: 0] += 1
        } catch ProgrammeError.conflict {
            conflicts += 1
        }
        latencies.append(Int((nanoseconds() - start) / 1000))
        if round % 25 == 0 {
            try audit.record(
                [Answer(itemID: "8.4.2-1", verdict: .conforming, note: "round \(round)")],
                context: context())
            let start = nanoseconds()
            _ = try programme.attach(audit, as: nil, ownProcessReason: nil, context: context())
            attachLatencies.append(Int((nanoseconds() - start) / 1000))
            attaches += 1
        }
    }
    let report: [String: Any] = [
        "moved": moved, "conflicts": conflicts, "attaches": attaches,
        "latencies_us": latencies, "attach_latencies_us": attachLatencies,
    ]
    try JSONSerialization.data(withJSONObject: report).write(to: URL(fileURLWithPath: output))
} catch {
    FileHandle.standardError.write(Data("team-load worker \(worker): \(error)\n".utf8))
    exit(1)
}
