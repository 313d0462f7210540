public import AuditModel
import Foundation

/// Every checklist qmsaudit can see: the bundled ones, those in the folder named by
/// `QMSAUDIT_CHECKLISTS`, and files named on the command line, later ones overriding earlier
/// ones with the same id.
public struct ChecklistCatalog: Sendable {
    /// Where a checklist file came from.
    public enum Origin: String, Sendable, Codable {
        /// Compiled into the binary.
        case bundled
        /// Found in the `QMSAUDIT_CHECKLISTS` folder.
        case folder
        /// Named with `--checklist FILE` or given to `checklist validate`.
        case file
    }

    /// One checklist file the catalog knows.
    public struct Entry: Sendable {
        /// The checklist's id, or `nil` when the file is too broken to have one.
        public var id: String?
        /// The path shown in diagnostics (`bundled:NAME` for bundled files).
        public var path: String
        /// Where the file came from.
        public var origin: Origin
        /// The file's problems when it was parsed on its own.
        public var diagnostics: [Diagnostic]
    }

    /// The result of validating one file.
    public struct Validation: Sendable {
        /// The file as it was named.
        public var path: String
        /// The resolved checklist, when the file has no errors.
        public var checklist: Checklist?
        /// Every problem found, in the file itself or in a base it extends.
        public var diagnostics: [Diagnostic]
        /// The text of every file a diagnostic may point into, by path.
        public var sources: [String: String]
    }

    /// The environment variable naming an extra checklist folder.
    public static let folderVariable = "QMSAUDIT_CHECKLISTS"

    /// The folder named by `QMSAUDIT_CHECKLISTS`, if the variable is set.
    public static var environmentFolder: String? {
        ProcessInfo.processInfo.environment[folderVariable]
    }

    private var entries: [Entry] = []
    private var documents: [String: ChecklistDocument] = [:]
    private var sources: [String: String] = [:]
    /// Notes about the catalog itself, such as two files claiming one id.
    public private(set) var notes: [Diagnostic] = []

    /// Creates a catalog of the bundled checklists, the folder's, and `files`.
    ///
    /// - Parameters:
    ///   - includeBundled: whether to load the checklists compiled into the binary.
    ///   - folder: a folder whose `*.yaml` and `*.yml` files are loaded; by default the one
    ///     named by `QMSAUDIT_CHECKLISTS`, if set.
    ///   - files: extra checklist files, loaded last so they override the others.
    /// - Throws: `ChecklistError.unreadable` or `.badFolder` when a file or the folder cannot
    ///   be read.
    public init(
        includeBundled: Bool = true,
        folder: String? = ChecklistCatalog.environmentFolder,
        files: [String] = []
    ) throws {
        if includeBundled {
            for file in BundledChecklists.files {
                add(path: "bundled:\(file.name)", text: file.text, origin: .bundled)
            }
        }
        if let folder, !folder.isEmpty {
            for path in try Self.checklistFiles(in: folder) {
                add(path: path, text: try Self.read(path), origin: .folder)
            }
        }
        for path in files {
            add(path: path, text: try Self.read(path), origin: .file)
        }
    }

    static func read(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason =
                !exists
                ? "no such file" : isDirectory.boolValue ? "it is a folder" : "permission denied"
            throw ChecklistError.unreadable(path: path, reason: reason)
        }
        if data.starts(with: [0xEF, 0xBB, 0xBF]) {
            return String(decoding: data.dropFirst(3), as: UTF8.self)
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func checklistFiles(in folder: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory),
            isDirectory.boolValue
        else { throw ChecklistError.badFolder(path: folder) }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map {
            folder.hasSuffix("/") ? folder + $0 : folder + "/" + $0
        }
    }

    private mutating func add(path: String, text: String, origin: Origin) {
        let (document, diagnostics) = ChecklistParser.parse(path: path, source: text)
        sources[path] = text
        let id = document?.id?.value
        entries.append(Entry(id: id, path: path, origin: origin, diagnostics: diagnostics))
        guard let id, let document else { return }
        if let previous = documents[id], previous.path != path {
            let message =
                "checklist '\(id)' from \(path) overrides the one from \(previous.path)"
            notes.append(.init(.note, message, at: document.id?.location))
        }
        documents[id] = document
    }

    /// The ids of every checklist that has one, sorted.
    public var ids: [String] { documents.keys.sorted() }

    /// The files the catalog read, in the order it read them.
    public var files: [Entry] { entries }

    /// The resolved checklist with this id.
    ///
    /// - Throws: `ChecklistError.notFound` when no file has the id, `.invalid` with every
    ///   diagnostic when the checklist or a base it extends has errors.
    public func checklist(id: String) throws -> Checklist {
        guard let document = documents[id] else {
            throw ChecklistError.notFound(id: id, known: ids)
        }
        let result = resolve(document)
        guard let checklist = result.checklist else {
            throw ChecklistError.invalid(
                id: id, diagnostics: result.diagnostics, sources: result.sources)
        }
        return checklist
    }

    /// The checklist named by `reference`: a known id, or the path of a YAML file (ending in
    /// `.yaml` or `.yml`), looked up with the bundled checklists, the `QMSAUDIT_CHECKLISTS`
    /// folder's and `files`.
    ///
    /// - Throws: `ChecklistError` when the file cannot be read, the id is unknown, or the
    ///   checklist has errors.
    public static func checklist(_ reference: String, files: [String] = []) throws -> Checklist {
        let isFile = reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
        let catalog = try ChecklistCatalog(files: files + (isFile ? [reference] : []))
        guard isFile else { return try catalog.checklist(id: reference) }
        let validation = try catalog.validate(path: reference)
        guard let checklist = validation.checklist else {
            throw ChecklistError.invalid(
                id: reference, diagnostics: validation.diagnostics, sources: validation.sources)
        }
        return checklist
    }

    /// Validates the file at `path` as the catalog sees it: parsed on its own, then resolved
    /// against the bases it extends.
    ///
    /// - Throws: `ChecklistError.unreadable` when the file cannot be read.
    public func validate(path: String) throws -> Validation {
        let text = try sources[path] ?? Self.read(path)
        let (document, parseDiagnostics) = ChecklistParser.parse(path: path, source: text)
        var validation = Validation(
            path: path, checklist: nil, diagnostics: parseDiagnostics, sources: sources)
        validation.sources[path] = text
        guard let document, !parseDiagnostics.containsErrors else { return validation }
        let result = resolve(document)
        validation.checklist = result.checklist
        validation.diagnostics += result.diagnostics
        validation.sources.merge(result.sources) { current, _ in current }
        return validation
    }

    private func resolve(_ document: ChecklistDocument)
        -> (checklist: Checklist?, diagnostics: [Diagnostic], sources: [String: String])
    {
        let lookup: (String) -> ChecklistDocument? = { id in documents[id] }
        // Parse errors in the file or in a base it extends stop it from being used; they are
        // reported with the path of the file they are in.
        func parseErrors(_ path: String) -> [Diagnostic] {
            entries.last { $0.path == path }?.diagnostics.filter { $0.severity == .error } ?? []
        }
        var baseProblems = parseErrors(document.path)
        var current = document.extends?.value
        var seen: Set<String> = []
        while let id = current, !seen.contains(id), let base = documents[id] {
            seen.insert(id)
            baseProblems += parseErrors(base.path)
            current = base.extends?.value
        }
        let (checklist, diagnostics) = ChecklistResolver.resolve(document, lookup: lookup)
        return (baseProblems.isEmpty ? checklist : nil, baseProblems + diagnostics, sources)
    }
}
