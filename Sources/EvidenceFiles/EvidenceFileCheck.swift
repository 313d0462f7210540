public import AuditModel
import Foundation

/// Checks the files evidence records point to — by size and modification time, or by
/// re-hashing — for `evidence verify`, `gaps`, `score`, `pack` and the importers alike.
///
/// Files are found through `Evidence.filePath`: a location relative to its source's root is
/// resolved against that root, so the answer does not depend on the working folder.
public enum EvidenceFileCheck {
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
        /// The file looked at, when the record has one.
        public var path: String?
    }

    /// Checks every record that has a hash and a local file, hashing on every core.
    ///
    /// - Parameter records: the evidence to check.
    /// - Returns: one outcome per record, in the order given.
    public static func verify(_ records: [Evidence]) -> [Outcome] {
        var outcomes = records.map {
            Outcome(evidence: $0, state: .unchecked, currentHash: nil, path: $0.filePath)
        }
        var toHash: [Int] = []
        for (index, outcome) in outcomes.enumerated() {
            guard let path = outcome.path else { continue }
            var info = stat()
            if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG {
                toHash.append(index)
            } else {
                outcomes[index].state = .missing
            }
        }
        let results = FileHasher.hash(toHash.map { outcomes[$0].path ?? "" })
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

    /// Whether `record`'s file changed or is missing, judged on size and modification time
    /// alone (one `stat`, no reading: `verify` re-hashes to be sure); `nil` when it looks as
    /// imported or there is no file to check.
    public static func quickState(of record: Evidence) -> EvidenceFileState? {
        guard let path = record.filePath else { return nil }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .missing }
        let seconds = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        if record.draft.size.map({ $0 != Int(info.st_size) }) ?? false
            || (!record.draft.modified.isEmpty
                && record.draft.modified != FileTimestamp.string(seconds))
        {
            return .changed
        }
        return nil
    }

    /// A file to re-hash: the record's id, the file and its SHA-256 as imported.
    public struct HashedFile: Sendable {
        /// The evidence id.
        public var id: String
        /// The file on this machine (`Evidence.filePath`).
        public var path: String
        /// The SHA-256 it had when imported.
        public var sha256: String

        /// The file of `record`, or `nil` when it has none to check.
        public init?(_ record: Evidence) {
            guard let path = record.filePath else { return nil }
            id = record.id
            self.path = path
            sha256 = record.draft.sha256
        }
    }

    /// The changed and missing files among `files`, by evidence id, re-hashed on every core:
    /// `verify` for a register read a record at a time, which keeps only these few fields.
    public static func rehash(_ files: [HashedFile]) -> [String: EvidenceFileState] {
        var states: [String: EvidenceFileState] = [:]
        var toHash: [Int] = []
        for (index, file) in files.enumerated() {
            var info = stat()
            if stat(file.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG {
                toHash.append(index)
            } else {
                states[file.id] = .missing
            }
        }
        let results = FileHasher.hash(toHash.map { files[$0].path })
        for (index, result) in zip(toHash, results) {
            switch result {
            case .success(let hash) where hash == files[index].sha256: break
            case .success: states[files[index].id] = .changed
            case .failure: states[files[index].id] = .missing
            }
        }
        return states
    }

    /// How many of `records`' files are found under `root` instead of their source's current
    /// root: what `evidence relocate` reports before it re-points a source.
    public static func found(_ records: [Evidence], under root: String) -> (found: Int, of: Int) {
        var found = 0
        var checked = 0
        for var record in records where record.hasLocalFile && !record.removedFromSource {
            record.sourceRoot = root
            guard let path = record.filePath else { continue }
            checked += 1
            var info = stat()
            if stat(path, &info) == 0 { found += 1 }
        }
        return (found, checked)
    }
}
