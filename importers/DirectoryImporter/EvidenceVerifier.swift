public import AuditModel
import Foundation

/// Re-hashes the files evidence records point to and says which changed or went missing.
public enum EvidenceVerifier {
    /// The outcome for one record.
    public enum State: String, Sendable {
        /// The file is there and its SHA-256 matches the record.
        case unchanged
        /// The file is there but its content changed since it was imported.
        case changed
        /// The file is gone.
        case missing
        /// The record has no hash or no local path to check (a register row, a URL).
        case unchecked = "not checked"
    }

    /// One record's outcome.
    public struct Outcome: Sendable {
        /// The evidence checked.
        public var evidence: Evidence
        /// What was found.
        public var state: State
        /// The SHA-256 found now, when the file could be read.
        public var currentHash: String?
    }

    /// Checks every record that has a hash and a local path, hashing on every core.
    ///
    /// - Parameter records: the evidence to check.
    /// - Returns: one outcome per record, in the order given.
    public static func verify(_ records: [Evidence]) -> [Outcome] {
        var outcomes = records.map { Outcome(evidence: $0, state: .unchecked, currentHash: nil) }
        var toHash: [Int] = []
        for (index, record) in records.enumerated() {
            let path = record.draft.location
            guard isCheckable(record) else { continue }
            if FileManager.default.fileExists(atPath: path) {
                toHash.append(index)
            } else {
                outcomes[index].state = .missing
            }
        }
        let results = FileHasher.hash(toHash.map { records[$0].draft.location })
        for (index, result) in zip(toHash, results) {
            switch result {
            case .success(let hash):
                outcomes[index].currentHash = hash
                outcomes[index].state = hash == records[index].draft.sha256 ? .unchanged : .changed
            case .failure:
                outcomes[index].state = .missing
            }
        }
        return outcomes
    }

    /// The changed and missing files by evidence id, judged on size and modification time.
    ///
    /// One `stat` per file, no reading: a file whose size and time match its record is taken
    /// as unchanged; `verify` re-hashes to be sure.
    ///
    /// - Parameter records: the evidence to check.
    /// - Returns: the evidence whose file changed or is missing, by id.
    public static func quickCheck(_ records: [Evidence]) -> [String: EvidenceFileState] {
        var states: [String: EvidenceFileState] = [:]
        for record in records where isCheckable(record) {
            var info = stat()
            guard lstat(record.draft.location, &info) == 0 else {
                states[record.id] = .missing
                continue
            }
            let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
            if record.draft.size.map({ $0 != Int(info.st_size) }) ?? false
                || (!record.draft.modified.isEmpty
                    && record.draft.modified != DirectoryEvidenceImporter.timestamp(seconds))
            {
                states[record.id] = .changed
            }
        }
        return states
    }

    /// The changed and missing files of a full `verify`, by evidence id.
    public static func fileStates(_ outcomes: [Outcome]) -> [String: EvidenceFileState] {
        var states: [String: EvidenceFileState] = [:]
        for outcome in outcomes {
            switch outcome.state {
            case .changed: states[outcome.evidence.id] = .changed
            case .missing: states[outcome.evidence.id] = .missing
            case .unchanged, .unchecked: break
            }
        }
        return states
    }

    /// Whether a record points at a file on this machine that was hashed when imported.
    public static func isCheckable(_ record: Evidence) -> Bool { record.hasLocalFile }
}
