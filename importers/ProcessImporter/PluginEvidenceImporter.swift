import AuditModel
import Foundation
public import ImportKit
import Synchronization

/// Runs an external plugin, `qmsaudit-import-NAME`, and reads the evidence records it writes
/// to standard output as JSON Lines (format `qmsaudit-evidence/1`, documented in
/// `importers/README.md` with a JSON Schema).
///
/// The plugin is looked up in `./importers/` and then on `PATH`. A non-zero exit, a timeout,
/// or any invalid line imports nothing.
public struct PluginEvidenceImporter: EvidenceImporter {
    /// `plugin`.
    public static let name = "plugin"
    /// For `qmsaudit import --help`.
    public static let summary = "an external program qmsaudit-import-NAME writing JSON Lines"
    /// The record format version plugins write in the `qmsaudit` field of every line.
    public static let formatVersion = 1

    /// A plugin's name.
    public static let source = ImportSource.name

    /// For `qmsaudit import plugin --help`.
    public static let discussion = """
        Runs qmsaudit-import-NAME from ./importers/ or PATH with the arguments after '--' and \
        imports the evidence records it writes as JSON Lines (format qmsaudit-evidence/1, \
        importers/README.md). An invalid line is reported with its line number; a non-zero \
        exit or a timeout imports nothing.

        Example:
          qmsaudit import plugin example -- training-export.tsv
        """

    /// `--timeout`.
    public static let options: [ImportOption] = [
        .value(
            "timeout", "seconds", .positiveNumber,
            help: "Seconds the plugin may run before it is stopped (default: 120).")
    ]

    /// Arguments after `--` go to the plugin.
    public static let passesArgumentsThrough = true

    /// The folders searched for plugins, in order; `nil` means `./importers/` and then `PATH`.
    let searchFolders: [String]?

    /// Creates the importer, which looks for plugins in `./importers/` and then on `PATH`.
    public init() {
        searchFolders = nil
    }

    /// Creates an importer that looks for plugins only in `folders`.
    public init(searchFolders folders: [String]) {
        searchFolders = folders
    }

    /// Where `qmsaudit-import-NAME` is: `./importers/`, then each folder of `PATH`.
    public static func locate(_ name: String, in searchFolders: [String]? = nil) -> String? {
        let executable = "qmsaudit-import-" + name
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        let folders = searchFolders ?? (["importers"] + path.split(separator: ":").map(String.init))
        for folder in folders where !folder.isEmpty {
            let candidate = folder + "/" + executable
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs the plugin and reads its records.
    ///
    /// - Throws: `ImportError.unreadable` when the plugin cannot be found, fails, or times out.
    public func read(_ request: ImportRequest) throws -> ImportResult {
        let name = request.source
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }),
            let executable = Self.locate(name, in: searchFolders)
        else {
            throw ImportError.unreadable(
                path: "qmsaudit-import-\(name)",
                reason: "no such executable in ./importers/ or on PATH")
        }
        let output = try run(
            executable, arguments: request.options.passthrough,
            timeout: request.options.number("timeout") ?? 120)
        return parse(
            output, plugin: executable, sourceName: Self.sourceName(for: name),
            checklist: request.checklist)
    }

    private func run(_ executable: String, arguments: [String], timeout: Double) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ImportError.unreadable(
                path: executable, reason: "cannot start it: \(error.localizedDescription)")
        }
        // A watchdog thread stops the plugin when its time is up.
        let pid = process.processIdentifier
        let finished = Mutex(false)
        let watchdog = Thread {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if finished.withLock({ $0 }) { return }
                usleep(20_000)
            }
            if !finished.withLock({ $0 }) { kill(pid, SIGKILL) }
        }
        watchdog.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        finished.withLock { $0 = true }
        if process.terminationReason == .uncaughtSignal {
            throw ImportError.unreadable(
                path: executable,
                reason:
                    "it was stopped after \(Int(timeout)) s (or killed by signal \(process.terminationStatus)); nothing was imported"
            )
        }
        if process.terminationStatus != 0 {
            throw ImportError.unreadable(
                path: executable,
                reason: "it exited with status \(process.terminationStatus); nothing was imported")
        }
        return data
    }

    func parse(_ data: Data, plugin: String, sourceName: String, checklist: Checklist)
        -> ImportResult
    {
        var drafts: [EvidenceDraft] = []
        var diagnostics: [Diagnostic] = []
        var keys: [String: Int] = [:]
        let checker = ClauseChecker(checklist)
        var lineNumber = 0
        // Records citing other standards: how many, and the first.
        var citing = 0
        var firstCiting: (SourceLocation, String)?
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let at = SourceLocation(path: plugin + " (output)", line: lineNumber, column: 1)
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) { continue }
            guard
                let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any]
            else {
                diagnostics.append(.error("not a JSON object", at: at))
                continue
            }
            var record = RecordReader(object: object, location: at)
            let draft = record.draft(checker: checker)
            diagnostics += record.diagnostics
            guard let draft else { continue }
            if let first = keys[draft.naturalKey] {
                diagnostics.append(
                    .error("key '\(draft.naturalKey)' was already given on line \(first)", at: at))
                continue
            }
            keys[draft.naturalKey] = lineNumber
            if let other = draft.attributes.first(where: {
                $0.name == EvidenceAttribute.otherReferences
            }) {
                citing += 1
                if firstCiting == nil { firstCiting = (at, other.value) }
            }
            drafts.append(draft)
        }
        if let (at, text) = firstCiting {
            diagnostics.append(
                .warning(
                    "\(citing == 1 ? "a record cites" : "\(citing) records cite") another"
                        + " standard, edition or control (first: '\(text)'); kept as"
                        + " '\(EvidenceAttribute.otherReferences)', not counted for any clause of"
                        + " '\(checklist.id)'", at: at))
        }
        return ImportResult(sourceName: sourceName, drafts: drafts, diagnostics: diagnostics)
    }
}

/// Reads one JSON Lines record, collecting a diagnostic for every field of the wrong type.
struct RecordReader {
    let object: [String: Any]
    let location: SourceLocation
    var diagnostics: [Diagnostic] = []

    static let fields: Set<String> = [
        "qmsaudit", "key", "title", "kind", "number", "revision", "location", "sha256", "size",
        "modified", "effective_date", "review_date", "owner", "clauses", "tags", "status",
        "description", "attributes",
    ]

    init(object: [String: Any], location: SourceLocation) {
        self.object = object
        self.location = location
    }

    mutating func string(_ field: String, required: Bool = false) -> String {
        guard let value = object[field] else {
            if required { diagnostics.append(.error("'\(field)' is missing", at: location)) }
            return ""
        }
        guard let text = value as? String else {
            diagnostics.append(.error("'\(field)' must be a string", at: location))
            return ""
        }
        if required && text.isEmpty {
            diagnostics.append(.error("'\(field)' must not be empty", at: location))
        }
        return text
    }

    mutating func strings(_ field: String) -> [String] {
        guard let value = object[field] else { return [] }
        guard let list = value as? [Any], list.allSatisfy({ $0 is String }) else {
            diagnostics.append(.error("'\(field)' must be a list of strings", at: location))
            return []
        }
        return list.compactMap { $0 as? String }
    }

    /// An object of strings, in the order of its names (JSON objects have none of their own).
    mutating func attributes(_ field: String) -> [EvidenceAttribute] {
        guard let value = object[field] else { return [] }
        guard let map = value as? [String: Any], map.values.allSatisfy({ $0 is String }) else {
            diagnostics.append(
                .error("'\(field)' must be an object whose values are strings", at: location))
            return []
        }
        return map.keys.sorted().compactMap { name in
            (map[name] as? String).flatMap {
                $0.isEmpty ? nil : EvidenceAttribute(name: name, value: $0)
            }
        }
    }

    mutating func draft(checker: ClauseChecker) -> EvidenceDraft? {
        let version = object["qmsaudit"] as? Int
        guard version == PluginEvidenceImporter.formatVersion else {
            diagnostics.append(
                .error(
                    "'qmsaudit' must be \(PluginEvidenceImporter.formatVersion), the record format version this qmsaudit reads",
                    at: location))
            return nil
        }
        for field in object.keys.sorted() where !Self.fields.contains(field) {
            diagnostics.append(.warning("unknown field '\(field)' ignored", at: location))
        }
        let key = string("key", required: true)
        let title = string("title", required: true)
        let kindText = string("kind")
        let kind = kindText.isEmpty ? EvidenceKind.document : EvidenceKind(rawValue: kindText)
        if kind == nil {
            diagnostics.append(
                .error("'kind' must be document, record, interview or observation", at: location))
        }
        var size: Int?
        if let value = object["size"] {
            if let number = value as? Int, number >= 0 {
                size = number
            } else {
                diagnostics.append(.error("'size' must be a whole number of bytes", at: location))
            }
        }
        let sha256 = string("sha256")
        if !sha256.isEmpty && (sha256.count != 64 || !sha256.allSatisfy(\.isHexDigit)) {
            diagnostics.append(.error("'sha256' must be 64 hexadecimal digits", at: location))
        }
        var clauses: [ClauseNumber] = []
        var others: [String] = []
        for text in strings("clauses") {
            let cell = checker.read(text, at: location)
            clauses += cell.clauses.filter { !clauses.contains($0) }
            others += cell.others
            diagnostics += cell.warnings
        }
        var attributes = attributes("attributes")
        if !others.isEmpty {
            attributes.append(
                EvidenceAttribute(
                    name: ClauseChecker.otherReferences, value: others.joined(separator: "; ")))
        }
        let draft = EvidenceDraft(
            naturalKey: key, kind: kind ?? .document, title: title,
            documentNumber: string("number"),
            revision: string("revision"), location: string("location"), sha256: sha256.lowercased(),
            size: size, modified: string("modified"), effectiveDate: string("effective_date"),
            reviewDate: string("review_date"), owner: string("owner"), clauses: clauses,
            tags: strings("tags"), status: string("status"), description: string("description"),
            attributes: attributes)
        return diagnostics.containsErrors ? nil : draft
    }
}
