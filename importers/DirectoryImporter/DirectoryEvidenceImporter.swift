public import AuditModel
import Crypto
import EvidenceFiles
import Foundation
public import ImportKit
public import ImportTransport
import Yams

/// Imports a document folder: every file becomes a piece of evidence with its path, size,
/// modification time and SHA-256; clauses and kinds come from rules and from the names of
/// files and folders.
public struct DirectoryEvidenceImporter: StreamingEvidenceImporter {
    /// `dir`.
    public static let name = "dir"
    /// For `qmsaudit import --help`.
    public static let summary = "a document folder, hashed (SHA-256) on every core"

    /// True: a re-scan re-hashes only files whose size or modification time changed.
    public static let usesKnownFiles = true

    /// A folder.
    public static let source = ImportSource.folder

    /// For `qmsaudit import dir --help`.
    public static let discussion = """
        Every file becomes a record with its path (relative to the folder, whose real path the \
        audit records, so verify, gaps and pack find it from any working folder), size, \
        modification time and SHA-256 (hashed on every core). Clauses and kinds come from the \
        rules file, else a number in the document number or name (QP-7.5-01 → 7.5), else in \
        the nearest folder naming a clause (7.5 Documented information). A re-scan re-hashes \
        only what changed. Links out of the folder are not followed; .qmsauditignore leaves files out. \
        Without a number, the words of the name, the document's own title (Word, Excel and \
        OpenDocument properties, a Markdown heading, a PDF's title) and the folders find the \
        clause by the checklist's vocabulary (0560_Internal_Audit.md → 9.2); --no-infer \
        turns that off. 'qmsaudit evidence map' shows how each clause was found.

        Examples:
          qmsaudit import dir /srv/QMS --rules qms-rules.yaml
          qmsaudit import dir QMS --dry-run
        """

    /// `--rules`.
    public static let options: [ImportOption] = [
        .value(
            "rules", "file", help: "A YAML file of rules mapping paths to clauses and kinds."),
        ImportOption.noInfer,
    ]

    /// Creates the importer.
    public init() {}

    /// `dir:` and the folder (see `folder(_:)`): `QMS`, `QMS/` and `./QMS` are one source.
    public static func sourceName(for source: String) -> String {
        name + ":" + folder(source)
    }

    /// The folder's real path (links and `..` resolved), so the same folder typed from another
    /// working folder is the same source.
    public static func place(of request: ImportRequest) -> String? {
        FolderWalker.realPath(folder(request.source))
    }

    /// The folder as typed, without `.` components and repeated or trailing slashes.
    ///
    /// So the source and the records' locations do not depend on how it was typed. `..` is
    /// kept (resolving it could change what a link points to).
    static func folder(_ source: String) -> String {
        let folder = source.split(separator: "/").filter { $0 != "." }.joined(separator: "/")
        if source.hasPrefix("/") { return "/" + folder }
        return folder.isEmpty ? "." : folder
    }

    /// Walks and hashes the folder, then hands each file's record to `sink`, so the audit file
    /// is written while the rest are described.
    ///
    /// - Throws: `ImportError.unreadable` when the folder or the rules file cannot be read, or
    ///   what `sink` throws.
    public func stream(
        _ request: ImportRequest, to sink: (consuming EvidenceDraft) throws -> Void
    ) throws -> ImportResult {
        let root = Self.folder(request.source)
        // What the records are named by: the folder as the audit recorded it, when it was
        // imported before from another working folder, else as typed.
        let named = request.recordedAs.map(Self.folder) ?? root
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder),
            isFolder.boolValue
        else {
            throw ImportError.unreadable(path: root, reason: "it is not a folder")
        }
        var diagnostics: [Diagnostic] = []
        var rules: [FolderRule] = []
        var rulesText = ""
        if let rulesPath = request.options.text("rules") {
            guard let text = try? String(contentsOfFile: rulesPath, encoding: .utf8) else {
                throw ImportError.unreadable(path: rulesPath, reason: "cannot read the rules file")
            }
            rulesText = text
            let parsed = FolderRule.parse(text, path: rulesPath)
            rules = parsed.rules
            diagnostics += parsed.diagnostics
            if diagnostics.containsErrors {
                return ImportResult(
                    sourceName: Self.sourceName(for: named), drafts: [], diagnostics: diagnostics)
            }
        }
        let ignoreText =
            (try? String(contentsOfFile: root + "/.qmsauditignore", encoding: .utf8)) ?? ""
        var walker = FolderWalker(root: root, ignore: IgnoreList(text: ignoreText))
        request.progress?("walking \(root)…")
        walker.walk()
        for problem in walker.problems {
            diagnostics.append(
                .warning(
                    problem.message,
                    at: SourceLocation(path: root + "/" + problem.path, line: 1, column: 1)))
        }
        let known = try request.previous()
        let derivation = Self.derivation(
            root: named, rules: rulesText, checklist: request.checklist,
            infer: !request.options.flag("no-infer"))
        // With nothing else changed that shapes a record, an unchanged file's record is the
        // one the audit holds: handed over by number, not described again.
        let reuse = !known.derivation.isEmpty && derivation == known.derivation
        // Re-hash only files whose size or modification time changed since the last import.
        var hashes: [String?] = []
        var unchangedRecords: [Int] = []  // the record's number, or 0: describe the file
        hashes.reserveCapacity(walker.files.count)
        unchangedRecords.reserveCapacity(walker.files.count)
        for file in walker.files {
            guard let entry = known.entry(file.relativePath), known.size(at: entry) == file.size,
                known.hasSHA256(at: entry),
                FileTimestamp.withBytes(file.modified, { known.modified(at: entry, is: $0) })
            else {
                hashes.append(nil)
                unchangedRecords.append(0)
                continue
            }
            if reuse && !known.isRemoved(at: entry) {
                hashes.append("")  // not needed: the record keeps its hash
                unchangedRecords.append(known.number(at: entry))
            } else {
                hashes.append(known.sha256(at: entry))
                unchangedRecords.append(0)
            }
        }
        let toHash = hashes.indices.filter { hashes[$0] == nil }
        let bytes = toHash.reduce(0) { $0 + walker.files[$1].size }
        request.progress?(
            "\(walker.files.count) files found; hashing \(toHash.count)"
                + " (\(bytes / 1_048_576) MiB), the others are unchanged since the last import…")
        // A PDF's document information is read from its end while it is hashed.
        var pdfProperties: [Int: DocumentProperties] = [:]
        let tailSizes = toHash.map { index in
            Self.extensionOf(walker.files[index].relativePath) == "pdf"
                ? DocumentProperties.pdfTailSize : 0
        }
        for (index, result) in zip(
            toHash,
            FileHasher.hash(
                toHash.map { walker.absolutePath(of: walker.files[$0]) }, keepingLast: tailSizes,
                reading: { DocumentProperties.pdf(tail: $0) }))
        {
            switch result {
            case .success(let hashed):
                hashes[index] = hashed.sha256
                pdfProperties[index] = hashed.extra
            case .failure(let failure):
                diagnostics.append(
                    .warning(
                        "cannot read the file: \(failure.message); left out",
                        at: SourceLocation(
                            path: walker.absolutePath(of: walker.files[index]), line: 1,
                            column: 1)))
            }
        }
        let checker = ClauseChecker(request.checklist)
        let inference = ClauseInference(checker)
        let infer = !request.options.flag("no-infer")
        let rulesName = request.options.text("rules").map {
            String($0.split(separator: "/").last ?? "")
        }
        var folders: [Substring: FolderFacts] = [:]
        for (index, file) in walker.files.enumerated() {
            guard let hash = hashes[index] else { continue }
            let path = file.relativePath
            if unchangedRecords[index] > 0 {
                var draft = EvidenceDraft(naturalKey: path, title: "")
                draft.unchangedRecord = unchangedRecords[index]
                try sink(draft)
                continue
            }
            let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
            let folder = slash.map { path[..<$0] } ?? ""
            let facts: FolderFacts
            if let known = folders[folder] {
                facts = known
            } else {
                facts = FolderFacts(folder, inference: inference, infer: infer)
                folders[folder] = facts
            }
            let name = slash.map { String(path[path.utf8.index(after: $0)...]) } ?? path
            var draft = Self.describe(
                file, name: name, inRecordsFolder: facts.isRecords,
                modified: FileTimestamp.string(file.modified))
            draft.sha256 = hash
            var ruleBasis: [ClauseBasis.Entry] = []
            for (number, rule) in rules.enumerated()
            where rule.pattern.matches(file.relativePath, isFolder: false) {
                for clause in rule.clauses where !ruleBasis.contains(where: { $0.clause == clause })
                {
                    ruleBasis.append(
                        .init(clause: clause, reason: "rule \(number + 1) of \(rulesName ?? "")"))
                }
                if let kind = rule.kind { draft.kind = kind }
                draft.tags += rule.tags
            }
            let ext = Self.extensionOf(name)
            let clues = FileClues(name: draft.documentNumber + " " + draft.title, folder: facts)
            let inferring = infer && ruleBasis.isEmpty
            var found = inferring ? clues.fromNames(inference) : nil
            // A PDF is opened only when its name and folders say nothing of its clauses; the
            // other kinds are read for their title, revision and dates as well.
            let opens =
                DocumentProperties.readable.contains(ext)
                && (ext != "pdf" || (inferring && found == nil && facts.worded == nil))
            if opens {
                do {
                    let properties: DocumentProperties
                    if let read = pdfProperties[index] {
                        properties = read
                    } else {
                        properties = try DocumentProperties.read(
                            walker.absolutePath(of: file), ext: ext)
                    }
                    Self.fill(&draft, with: properties, name: name)
                    if inferring, found == nil {
                        found = clues.fromTitle(properties.title, inference)
                    }
                } catch {
                    diagnostics.append(
                        .warning(
                            "its document properties are not read: \(error.message)",
                            at: SourceLocation(
                                path: walker.absolutePath(of: file), line: 1, column: 1)))
                }
            }
            if inferring, found == nil { found = facts.worded }
            if !ruleBasis.isEmpty {
                draft.clauses = ruleBasis.map(\.clause)
                draft.clauseBasis = ClauseBasis(ruleBasis)
            } else if let found {
                (draft.clauses, draft.clauseBasis) = found
            }
            try sink(draft)
        }
        var result = ImportResult(
            sourceName: Self.sourceName(for: named), drafts: [], diagnostics: diagnostics)
        result.derivation = derivation
        return result
    }

    /// What `describe`, `clauses` and `FolderFacts` do with a file: raise it whenever they
    /// change what they give, so a re-scan describes every file again (a test pins what they
    /// give to this number, and fails until it is raised).
    static let describeRevision = 4

    /// The SHA-256 of everything besides a file that shapes its record: this importer's
    /// version, the folder as named, the rules, the checklist's clauses.
    static func derivation(root: String, rules: String, checklist: Checklist, infer: Bool = true)
        -> String
    {
        let clauses = checklist.clauses.map(\.number.description).sorted()
        // The vocabulary shapes inferred clauses as much as the clause numbers do.
        let vocabulary = checklist.clauses.map { clause in
            clause.synonyms.sorted { $0.key < $1.key }.map {
                $0.key + ":" + $0.value.joined(separator: "|")
            }
            .joined(separator: ";")
        }
        var text = [
            "qmsaudit \(ToolVersion.current) dir \(describeRevision)", "root \(root)",
            "checklist \(checklist.id) " + clauses.joined(separator: " "), "rules", rules,
        ].joined(separator: "\n")
        if !infer { text += "\nno-infer" }
        if vocabulary.contains(where: { !$0.isEmpty }) {
            text += "\nvocabulary " + vocabulary.joined(separator: "\n")
        }
        return SHA256.hash(data: Data(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Title, document number, revision and kind from the file's name and folders.
    ///
    /// `QP-7.5-01 Document control rev 6.pdf` gives number `QP-7.5-01`, title `Document
    /// control`, revision `6`.
    ///
    /// The location is the path relative to the folder: the audit records the folder's real
    /// path with the source, and resolves the location against it.
    static func describe(
        _ file: FoundFile, name: String, inRecordsFolder: Bool, modified: String
    ) -> EvidenceDraft {
        var words = stem(of: name).split(separator: " ").map(String.init)
        var number = ""
        if let first = words.first, isDocumentNumber(first) {
            number = first
            words.removeFirst()
        }
        var revision = ""
        if let index = words.lastIndex(where: {
            ["rev", "rev.", "revision"].contains($0.lowercased())
        }),
            index + 1 < words.count
        {
            revision = words[index + 1]
            words.removeSubrange(index...(index + 1))
        }
        let title = words.joined(separator: " ")
        let isRecord = inRecordsFolder || number.uppercased().hasPrefix("REC")
        return EvidenceDraft(
            naturalKey: file.relativePath, kind: isRecord ? .record : .document,
            title: title.isEmpty ? stem(of: name) : title, documentNumber: number,
            revision: revision, location: file.relativePath, size: file.size, modified: modified,
            effectiveDate: dateInName(name) ?? "")
    }

    /// The date a file's name gives, or `nil` when it gives none.
    ///
    /// `MR minutes 2026-07.pdf` gives the month's first day, `Audit 2026-03-28.pdf` the day.
    /// A record's own date is what shows when it was made (a copy's modification time does
    /// not).
    static func dateInName(_ name: String) -> String? {
        let characters = Array(stem(of: name))
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start >= 0, start + count <= characters.count else { return nil }
            let slice = characters[start..<(start + count)]
            guard slice.allSatisfy(\.isASCII), slice.allSatisfy(\.isNumber) else { return nil }
            return Int(String(slice))
        }
        func boundary(_ index: Int) -> Bool {
            index < 0 || index >= characters.count || !characters[index].isNumber
        }
        var index = 0
        while index + 7 <= characters.count {
            defer { index += 1 }
            guard boundary(index - 1), let year = digits(index, 4), (1990...2099).contains(year),
                characters[index + 4] == "-", let month = digits(index + 5, 2),
                (1...12).contains(month)
            else { continue }
            var day = 1
            if index + 10 <= characters.count, characters[index + 7] == "-",
                let given = digits(index + 8, 2), boundary(index + 10)
            {
                day = given
            } else if !boundary(index + 7) {
                continue
            }
            let text = String(format: "%04d-%02d-%02d", year, month, day)
            if CalendarDate(text) != nil { return text }
        }
        return nil
    }

    /// The name without its extension (`.pdf`, `.docx`), keeping dots inside clause numbers.
    static func stem(of name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        let ext = name[name.index(after: dot)...]
        let isExtension =
            !ext.isEmpty && ext.count <= 5 && ext.allSatisfy { $0.isLetter || $0.isNumber }
            && ext.contains(where: \.isLetter)
        return isExtension ? String(name[..<dot]) : name
    }

    /// `QP-7.5-01`, `WI-8.5-03`, `REC-9.2`: letters, a dash, and digits.
    static func isDocumentNumber(_ word: String) -> Bool {
        guard let dash = word.firstIndex(of: "-") else { return false }
        let prefix = word[..<dash]
        return !prefix.isEmpty && prefix.count <= 5 && prefix.allSatisfy(\.isUppercase)
            && word[dash...].contains(where: \.isNumber)
    }

    /// The extension of `name`, in lower case (`pdf`), or empty.
    static func extensionOf(_ name: String) -> String {
        let stem = stem(of: name)
        return stem.count < name.count ? String(name.dropFirst(stem.count + 1)).lowercased() : ""
    }

    /// Title and revision from the document's properties when its name gives none (a name of
    /// fewer than three letters, such as `0560.docx`), and the rest as attributes.
    static func fill(
        _ draft: inout EvidenceDraft, with properties: DocumentProperties, name: String
    ) {
        if !properties.title.isEmpty, draft.title.filter(\.isLetter).count < 3 {
            draft.title = properties.title
        }
        if draft.revision.isEmpty { draft.revision = properties.revision }
        draft.attributes += properties.attributes
    }
}

/// What a file's name says about its clauses, and what its folders say (worked out once per
/// folder).
struct FileClues {
    var name: String
    var folder: FolderFacts

    typealias Found = (clauses: [ClauseNumber], basis: ClauseBasis)

    /// Numbers in the name, then in the nearest folder naming one; then the vocabulary in the
    /// name; `nil` when none gives a clause (the document's own title may, then the folders').
    func fromNames(_ inference: ClauseInference) -> Found? {
        let clue = ClauseInference.Clue(name, what: "name")
        return inference.number(in: clue) ?? folder.numbered ?? inference.words(in: clue)
    }

    /// The document's title, then the folders' words.
    func fromTitle(_ title: String, _ inference: ClauseInference) -> Found? {
        inference.words(in: .init(title, what: "document title")) ?? folder.worded
    }
}

/// What a folder's path says about the files in it, worked out once per folder.
struct FolderFacts {
    /// Whether a folder on the path is about records.
    var isRecords: Bool
    /// The clauses the nearest folder naming a clause number gives (`7.5 Documented
    /// information`), with how.
    var numbered: FileClues.Found?
    /// The clauses the nearest folder whose words name one gives (`Management review`).
    var worded: FileClues.Found?

    init(_ path: Substring, inference: ClauseInference, infer: Bool) {
        let components = path.split(separator: "/")
        isRecords = components.contains { $0.lowercased().contains("record") }
        guard infer else { return }
        let clues = components.reversed().map {
            ClauseInference.Clue(String($0), what: "folder \"\($0)\"")
        }
        numbered = clues.lazy.compactMap { inference.number(in: $0) }.first
        worded = clues.lazy.compactMap { inference.words(in: $0) }.first
    }
}

/// One line of a rules file: files matching `match` are evidence for `clauses`, of `kind`.
struct FolderRule: Sendable {
    var pattern: PathPattern
    var clauses: [ClauseNumber]
    var kind: EvidenceKind?
    var tags: [String]

    static func parse(_ text: String, path: String) -> (
        rules: [FolderRule], diagnostics: [Diagnostic]
    ) {
        var diagnostics: [Diagnostic] = []
        func at(_ node: Node) -> SourceLocation {
            SourceLocation(path: path, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            return ([], [YAMLSyntaxError.diagnostic(for: error, path: path)])
        }
        guard let list = root?["rules"]?.sequence else {
            return (
                [],
                [
                    .error(
                        "a rules file is a mapping with a 'rules' list",
                        at: SourceLocation(path: path, line: 1, column: 1))
                ]
            )
        }
        var rules: [FolderRule] = []
        for node in list {
            guard let mapping = node.mapping else {
                diagnostics.append(.error("a rule is a mapping with 'match'", at: at(node)))
                continue
            }
            for (key, _) in mapping
            where !["match", "clauses", "kind", "tags"].contains(key.string ?? "") {
                diagnostics.append(
                    .error(
                        "unknown key '\(key.string ?? "")' in a rule; expected match, clauses, kind, tags",
                        at: at(key)))
            }
            guard let match = node["match"]?.string, let pattern = PathPattern(match) else {
                diagnostics.append(.error("the rule has no 'match' pattern", at: at(node)))
                continue
            }
            var clauses: [ClauseNumber] = []
            for clauseNode in node["clauses"]?.sequence.map(Array.init) ?? [] {
                if let text = clauseNode.string, let clause = ClauseNumber(text) {
                    clauses.append(clause)
                } else {
                    diagnostics.append(
                        .error(
                            "'\(clauseNode.string ?? "")' is not a clause number",
                            at: at(clauseNode)))
                }
            }
            var kind: EvidenceKind?
            if let kindNode = node["kind"] {
                kind = kindNode.string.flatMap(EvidenceKind.init(rawValue:))
                if kind == nil {
                    diagnostics.append(
                        .error(
                            "unknown kind '\(kindNode.string ?? "")'; expected document, record, interview or observation",
                            at: at(kindNode)))
                }
            }
            let tags = node["tags"]?.sequence.map { $0.compactMap(\.string) } ?? []
            rules.append(FolderRule(pattern: pattern, clauses: clauses, kind: kind, tags: tags))
        }
        return (rules, diagnostics)
    }
}
