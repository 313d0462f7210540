public import AuditModel
import BoundedZip
import Crypto
import Foundation
import ZIPFoundation

/// What `qmsaudit pack verify` found.
public struct PackVerification: Sendable {
    /// Files listed in the manifest and checked.
    public var checked: Int
    /// Files whose size or SHA-256 differ from the manifest.
    public var changed: [String]
    /// Files the manifest lists that are not in the pack.
    public var missing: [String]
    /// Files in the pack the manifest does not list.
    public var extra: [String]
    /// Why the journal's hash chain does not hold, if it does not.
    public var journalProblem: String?
    /// Why the manifest itself is not the one expected, if it is not.
    public var manifestProblem: String?
    /// The manifest's SHA-256.
    public var manifestSHA256: String
    /// Names a ZIP holds more than once: a reader may take any of them, so none is trusted.
    public var duplicateEntries: [String] = []
    /// Paths the manifest lists more than once.
    public var duplicateListings: [String] = []

    /// Whether every check held.
    public var isIntact: Bool {
        changed.isEmpty && missing.isEmpty && extra.isEmpty && journalProblem == nil
            && manifestProblem == nil && duplicateEntries.isEmpty && duplicateListings.isEmpty
    }
}

/// Checks a pack, folder or ZIP, against its `manifest.json` and its journal's hash chain.
///
/// ZIP entries are read in memory and never extracted; an entry whose path is absolute or
/// climbs out with `..` makes the whole ZIP refused before anything is read.
public enum PackVerifier {
    /// Verifies the pack at `path`.
    ///
    /// - Parameters:
    ///   - path: a pack folder or ZIP file.
    ///   - expectedManifestSHA256: the manifest's SHA-256 as the sender gave it, if known.
    ///   - chainProblem: checks a journal's events against the head hash the manifest names;
    ///     returns the first problem or `nil`.
    /// - Returns: what was found.
    /// - Throws: `PackError` when the pack cannot be read, has no readable manifest, or is a
    ///   ZIP with unsafe entries.
    public static func verify(
        path: String, expectedManifestSHA256: String? = nil,
        chainProblem: ([JournalEvent], String) -> String?
    ) throws -> PackVerification {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw PackError.cannotRead(path: path, reason: "no such file or folder")
        }
        let reader: any PackReader =
            isFolder.boolValue ? try FolderReader(root: path) : try ZipReader(path: path)
        guard let manifestBytes = try reader.read(StageOnePack.manifestName) else {
            throw PackError.notAPack(path: path, reason: "it has no \(StageOnePack.manifestName)")
        }
        let manifest = try Manifest(bytes: manifestBytes, path: path)
        let manifestSHA256 = PackHash.of(manifestBytes)
        var result = PackVerification(
            checked: 0, changed: [], missing: [], extra: [], journalProblem: nil,
            manifestProblem: nil, manifestSHA256: manifestSHA256)
        if let expected = expectedManifestSHA256, expected.lowercased() != manifestSHA256 {
            result.manifestProblem =
                "manifest.json has SHA-256 \(manifestSHA256), not the \(expected.lowercased())"
                + " given: the manifest is not the one that was sent"
        }
        result.duplicateEntries = reader.duplicates
        var listedOnce = Set<String>()
        for file in manifest.files where !listedOnce.insert(file.path).inserted {
            if !result.duplicateListings.contains(file.path) {
                result.duplicateListings.append(file.path)
            }
        }
        let present = Set(reader.files)
        for file in manifest.files where !result.duplicateListings.contains(file.path) {
            guard present.contains(file.path) else {
                result.missing.append(file.path)
                continue
            }
            result.checked += 1
            let found = try reader.digest(file.path)
            if found?.size != file.size || found?.sha256 != file.sha256 {
                result.changed.append(file.path)
            }
        }
        let listed = Set(manifest.files.map(\.path) + [StageOnePack.manifestName])
        result.extra = reader.files.filter { !listed.contains($0) }.sorted()
        result.journalProblem = try journalProblem(
            reader: reader, manifest: manifest, chainProblem: chainProblem)
        return result
    }

    private static func journalProblem(
        reader: any PackReader, manifest: Manifest,
        chainProblem: ([JournalEvent], String) -> String?
    ) throws -> String? {
        guard let bytes = try reader.read(manifest.journalFile) else {
            return "\(manifest.journalFile) is missing"
        }
        var events: [JournalEvent] = []
        for (index, line) in bytes.split(separator: 0x0A).enumerated() {
            guard let event = journalEvent(Data(line)) else {
                return "\(manifest.journalFile) line \(index + 1) is not a journal event"
            }
            events.append(event)
        }
        if events.count != manifest.journalEvents {
            return "\(manifest.journalFile) holds \(events.count) events, the manifest says"
                + " \(manifest.journalEvents)"
        }
        return chainProblem(events, manifest.journalHead)
    }

    private static func journalEvent(_ line: Data) -> JournalEvent? {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
            let sequence = object["seq"] as? Int,
            let time = object["time"] as? String, let actor = object["actor"] as? String,
            let command = object["command"] as? String, let entity = object["entity"] as? String,
            let action = object["action"] as? String,
            let previous = object["previous_sha256"] as? String,
            let hash = object["sha256"] as? String
        else { return nil }
        return JournalEvent(
            sequence: sequence, time: time, actor: actor, command: command, entity: entity,
            action: action, before: object["before"] as? String, after: object["after"] as? String,
            previousHash: previous, hash: hash)
    }

    /// Whether a ZIP entry's path would land outside the folder it is extracted to.
    static func isUnsafe(_ path: String) -> Bool {
        let parts = path.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "/" || $0 == "\\" })
        return path.hasPrefix("/") || path.hasPrefix("\\") || path.dropFirst().first == ":"
            || parts.contains("..") || path.isEmpty
    }
}

/// The parts of `manifest.json` the verifier needs.
private struct Manifest {
    var files: [PackedFile]
    var journalFile: String
    var journalEvents: Int
    var journalHead: String

    init(bytes: [UInt8], path: String) throws {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
            object["schema"] as? String == StageOnePack.schema,
            let files = object["files"] as? [[String: Any]],
            let journal = object["journal"] as? [String: Any],
            let journalFile = journal["file"] as? String,
            let events = journal["events"] as? Int, let head = journal["head"] as? String
        else {
            throw PackError.notAPack(
                path: path, reason: "manifest.json is not a \(StageOnePack.schema) manifest")
        }
        self.files = try files.map { entry in
            guard let path = entry["path"] as? String, let size = entry["size"] as? Int,
                let sha256 = entry["sha256"] as? String
            else {
                throw PackError.notAPack(
                    path: path, reason: "manifest.json has a malformed file entry")
            }
            return PackedFile(path: path, size: size, sha256: sha256)
        }
        self.journalFile = journalFile
        journalEvents = events
        journalHead = head
    }
}

/// Reads the files of a pack, whatever holds them.
private protocol PackReader {
    /// Every regular file, by its path in the pack.
    var files: [String] { get }
    /// Paths held more than once (a ZIP can; a folder cannot).
    var duplicates: [String] { get }
    /// A file's bytes, or `nil` when there is no such file.
    func read(_ path: String) throws -> [UInt8]?
    /// A file's size and SHA-256, or `nil` when there is no such file.
    func digest(_ path: String) throws -> (size: Int, sha256: String)?
}

private struct FolderReader: PackReader {
    let root: String
    let files: [String]
    var duplicates: [String] { [] }

    init(root: String) throws {
        self.root = root
        var found: [String] = []
        var unsafe: [String] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw PackError.cannotRead(path: root, reason: "the folder cannot be listed")
        }
        // A link (or a device, a pipe) is never followed: what it points to is not the pack.
        while let relative = walker.nextObject() as? String {
            switch walker.fileAttributes?[.type] as? FileAttributeType {
            case .typeDirectory?: break
            case .typeRegular?: found.append(relative)
            default: unsafe.append(relative)
            }
        }
        guard unsafe.isEmpty else {
            throw PackError.unsafeEntries(path: root, entries: unsafe, reason: .notRegular)
        }
        files = found
    }

    func read(_ path: String) throws -> [UInt8]? {
        guard files.contains(path) || path == StageOnePack.manifestName,
            let data = FileManager.default.contents(atPath: root + "/" + path)
        else { return nil }
        return [UInt8](data)
    }

    func digest(_ path: String) throws -> (size: Int, sha256: String)? {
        guard let reader = BlockReader(path: root + "/" + path) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var hasher = SHA256()
        var size = 0
        try reader.forEachBlock(&buffer) {
            hasher.update(bufferPointer: $0)
            size += $0.count
        }
        return (size, PackHash.hex(hasher.finalize()))
    }
}

private struct ZipReader: PackReader {
    let path: String
    let archive: Archive
    let entries: [String: Entry]
    let files: [String]
    let duplicates: [String]

    init(path: String) throws {
        self.path = path
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw PackError.notAPack(path: path, reason: "it is neither a folder nor a ZIP file")
        }
        var entries: [String: Entry] = [:]
        var names: [String] = []
        var unsafe: [String] = []
        var links: [String] = []
        var duplicates: [String] = []
        for entry in archive {
            if PackVerifier.isUnsafe(entry.path) {
                unsafe.append(entry.path)
            } else if entry.type == .symlink {
                links.append(entry.path)
            } else if entry.type == .file {
                if entries[entry.path] != nil {
                    if !duplicates.contains(entry.path) { duplicates.append(entry.path) }
                    continue
                }
                entries[entry.path] = entry
                names.append(entry.path)
            }
        }
        guard unsafe.isEmpty else {
            throw PackError.unsafeEntries(path: path, entries: unsafe, reason: .outside)
        }
        guard links.isEmpty else {
            throw PackError.unsafeEntries(path: path, entries: links, reason: .notRegular)
        }
        self.entries = entries
        self.duplicates = duplicates
        files = names
    }

    func read(_ name: String) throws -> [UInt8]? {
        guard let entry = entries[name] else { return nil }
        var bytes: [UInt8] = []
        let crc = try extract(entry) { bytes.append(contentsOf: $0) }
        return crc == entry.checksum ? bytes : []
    }

    func digest(_ name: String) throws -> (size: Int, sha256: String)? {
        guard let entry = entries[name] else { return nil }
        var hasher = SHA256()
        var size = 0
        let crc = try extract(entry) {
            hasher.update(data: $0)
            size += $0.count
        }
        // A damaged entry whose CRC fails reports a hash no manifest can hold.
        return (size, crc == entry.checksum ? PackHash.hex(hasher.finalize()) : "crc-mismatch")
    }

    private func extract(_ entry: Entry, _ consume: @escaping (Data) -> Void) throws -> UInt32 {
        do {
            // Bounded to the entry's own bytes: a damaged deflate stream must not hang verify.
            return try BoundedExtraction.extract(
                entry, from: archive, path: path, consumer: consume)
        } catch {
            throw PackError.cannotRead(path: "\(path): \(entry.path)", reason: "\(error)")
        }
    }
}
