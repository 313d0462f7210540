public import AuditModel
import Foundation
public import ImportTransport

/// What an import is asked to read.
public struct ImportRequest: Sendable {
    /// The source as the user named it: a file, a folder, a plugin's name.
    ///
    /// Diagnostics and the name records are filed under use it.
    public var source: String
    /// Where to read the source: `source` itself, or a copy of it when it was a pipe (`<(…)`),
    /// which can be read only once.
    public var path: String
    /// The audit's checklist, against which clause references are checked.
    public var checklist: Checklist
    /// The importer's own options, parsed by its declarations (`EvidenceImporter.options`).
    public var options: ImportOptions
    /// What the audit already knows of the files this source held, by natural key, and what
    /// shaped their records (`KnownFiles.derivation`), as of the source's last import.
    ///
    /// A re-scan uses it to skip work: re-hashing files whose size and modification time are
    /// unchanged and, when the importer's `ImportResult.derivation` is the recorded one,
    /// describing them again (such a file is handed over as its `unchangedRecord`). Filled in
    /// only for importers whose `usesKnownFiles` is true. A function, so that the audit file
    /// is read while the importer already walks its source: call it once, when the answer is
    /// needed. It throws when the audit file cannot be read.
    public var previous: @Sendable () throws -> KnownFiles
    /// The source as the audit recorded it, when it was imported before under another name.
    ///
    /// Such as the same folder typed through a link: the records keep that name, so they are
    /// not copied under a second source. `nil` otherwise.
    public var recordedAs: String?
    /// Receives progress messages for long work; the command line shows them on a terminal.
    public var progress: (@Sendable (String) -> Void)?

    /// Creates a request.
    public init(
        source: String, checklist: Checklist, options: ImportOptions = ImportOptions(),
        previous: KnownFiles = KnownFiles()
    ) {
        self.source = source
        self.path = source
        self.checklist = checklist
        self.options = options
        self.previous = { previous }
        self.progress = nil
    }
}

/// What kind of thing an importer reads, for help and for the import session.
public enum ImportSource: Sendable {
    /// A file read from its path (a register, an export); a pipe is copied aside first.
    case file
    /// A folder, walked.
    case folder
    /// A name the importer looks up (a plugin).
    case name

    /// How help names it: `FILE`, `FOLDER`, `NAME`.
    public var placeholder: String {
        switch self {
        case .file: "FILE"
        case .folder: "FOLDER"
        case .name: "NAME"
        }
    }
}

/// What an importer found: evidence records and every problem, each with its position.
public struct ImportResult: Sendable {
    /// The name the records are filed under, `csv:registers/documents.csv`; re-importing the
    /// same source updates these records.
    public var sourceName: String
    /// The evidence found, in source order, with unique natural keys.
    public var drafts: [EvidenceDraft]
    /// Every problem found; when any is an error the import must not land.
    public var diagnostics: [Diagnostic]
    /// Lines left out because of errors, when `skipBadRows` was asked for.
    public var skippedLines: [Int]
    /// Answers found in the source, when it is a filled-in checklist (an item and a verdict
    /// column), recorded in the same transaction as the evidence.
    public var answers: [Answer]
    /// The source line of each answer, in step with `answers`; empty when the source has no
    /// lines.
    public var answerLines: [Int] = []
    /// The path diagnostics about records name (`book.xlsx[Register]` for a worksheet).
    public var recordsPath = ""
    /// A fingerprint of everything besides the source that shaped the records (importer
    /// version, rules, the checklist's clauses), recorded with the source; empty for importers
    /// that do not hand over unchanged records (`EvidenceDraft.unchangedRecord`).
    public var derivation = ""

    /// Creates a result.
    public init(
        sourceName: String, drafts: [EvidenceDraft], diagnostics: [Diagnostic],
        skippedLines: [Int] = [], answers: [Answer] = []
    ) {
        self.sourceName = sourceName
        self.drafts = drafts
        self.diagnostics = diagnostics
        self.skippedLines = skippedLines
        self.answers = answers
    }
}

/// A source of evidence: a spreadsheet, a document folder, an export, a plugin.
///
/// Implementation guidance: read the whole source, collect every problem as a diagnostic with
/// its position rather than stopping at the first, stream rather than load, and give every
/// record a natural key that stays the same when the source is read again.
public protocol EvidenceImporter: Sendable {
    /// The name used on the command line: `qmsaudit import NAME …`.
    static var name: String { get }
    /// A one-line description for `qmsaudit import --help`.
    static var summary: String { get }
    /// What the source is; `.file` by default.
    static var source: ImportSource { get }
    /// A few paragraphs for `qmsaudit import NAME --help`, examples included; empty by default.
    static var discussion: String { get }
    /// The options the importer takes; none by default.
    static var options: [ImportOption] { get }
    /// Whether arguments after `--` are passed on (`ImportOptions.passthrough`); false by
    /// default.
    static var passesArgumentsThrough: Bool { get }

    /// Checks options that depend on each other or are required, before anything is read;
    /// each value was already checked against its declaration. Accepts everything by default.
    ///
    /// - Throws: `ImportUsageError` naming what is wrong.
    static func validate(_ options: ImportOptions) throws(ImportUsageError)

    /// The name records from `source` are filed under, before reading it, so the caller can
    /// hand over what the audit already holds from that source.
    static func sourceName(for source: String) -> String

    /// The name records from the source `request` names are filed under; `sourceName(for:)`
    /// of its source unless the importer needs more of the request (a workbook's sheet).
    ///
    /// - Throws: `ImportError.unreadable` when the source must be opened to tell and cannot be.
    static func sourceName(for request: ImportRequest) throws -> String

    /// Where the source named in `request` really is — a folder's real path — so that the same
    /// source named another way is recognised (`ImportRequest.recordedAs`); `nil` (the
    /// default) for sources that have no such place.
    static func place(of request: ImportRequest) -> String?

    /// Whether the importer reads files whose state the audit knows (`ImportRequest.previous`);
    /// false by default, so other importers are not handed a map of a large source.
    static var usesKnownFiles: Bool { get }

    /// Creates the importer.
    init()

    /// Reads the source.
    ///
    /// - Throws: `ImportError.unreadable` when the source cannot be read at all.
    func read(_ request: ImportRequest) throws -> ImportResult

    /// Reads the source, handing each record to `sink` as soon as it is found, so the caller
    /// can write while the importer reads and memory stays flat whatever the source's size.
    /// The result's `drafts` is empty; everything else is as `read` returns it. Records handed
    /// over before an error was found are the caller's to discard.
    ///
    /// The default reads everything with `read`, then hands the records over.
    /// - Throws: `ImportError.unreadable`, or what `sink` throws.
    func stream(_ request: ImportRequest, to sink: (consuming EvidenceDraft) throws -> Void) throws
        -> ImportResult

    /// Reads the source as `stream` does, handing the records over packed in batches (each
    /// `isFull` but the last), which is how the audit file takes them: cheaper by far for
    /// sources of millions of records than one `EvidenceDraft` at a time.
    ///
    /// The default packs what `stream` hands over; importers that read tables pack their cells
    /// straight from the source's bytes.
    /// - Throws: `ImportError.unreadable`, or what `sink` throws.
    func streamBatches(
        _ request: ImportRequest, to sink: (consuming DraftBatch) throws -> Void
    ) throws -> ImportResult
}

/// An importer that streams: it implements `stream(_:to:)`, and its `read` is `collecting`,
/// everything `stream` hands over (so it must not leave `stream` to the default, which reads).
public protocol StreamingEvidenceImporter: EvidenceImporter {}

/// An importer that packs its records itself: it implements `streamBatches(_:to:)`, and its
/// `stream` is `unpacking` (and its `read` collects that).
public protocol PackingEvidenceImporter: StreamingEvidenceImporter {}

extension PackingEvidenceImporter {
    /// What `streamBatches` hands over, record by record (`unpacking`).
    ///
    /// - Throws: what `streamBatches` or `sink` throw.
    public func stream(
        _ request: ImportRequest, to sink: (consuming EvidenceDraft) throws -> Void
    ) throws -> ImportResult {
        try unpacking(request, to: sink)
    }
}

extension StreamingEvidenceImporter {
    /// Everything `stream` hands over, collected (`collecting`).
    ///
    /// - Throws: what `stream` throws.
    public func read(_ request: ImportRequest) throws -> ImportResult {
        try collecting(request)
    }
}

extension EvidenceImporter {
    /// `.file`: most importers read a file.
    public static var source: ImportSource { .file }
    /// No more than the summary.
    public static var discussion: String { "" }
    /// None.
    public static var options: [ImportOption] { [] }
    /// False.
    public static var passesArgumentsThrough: Bool { false }
    /// Accepts every combination.
    public static func validate(_ options: ImportOptions) throws(ImportUsageError) {}

    /// Everything `stream` hands over, collected: the `read` of an importer that streams.
    ///
    /// A record whose natural key an earlier one had is left out and noted (see
    /// `ImportResult.noteRepeated`), as the audit file does when the records are streamed to it.
    ///
    /// - Throws: what `stream` throws.
    public func collecting(_ request: ImportRequest) throws -> ImportResult {
        var drafts: [EvidenceDraft] = []
        // Each key's place in `drafts`.
        var keys = KeyIndex()
        var repeated: [RepeatedKey] = []
        var result = try stream(request) { draft in
            if let first = keys.insert(draft.naturalKey, line: drafts.count) {
                let earlier = drafts[first]
                var same = draft
                same.line = earlier.line
                repeated.append(
                    RepeatedKey(
                        key: draft.naturalKey, line: draft.line, firstLine: earlier.line,
                        identical: same == earlier))
            } else {
                drafts.append(draft)
            }
        }
        result.drafts = drafts
        result.noteRepeated(repeated, skipBadRows: request.options.flag("skip-bad-rows"))
        return result
    }

    /// False: most importers read no files.
    public static var usesKnownFiles: Bool { false }

    /// `nil`: most sources are known by their name alone.
    public static func place(of request: ImportRequest) -> String? { nil }

    /// Reads everything with `read`, then hands the records to `sink` one by one.
    public func stream(
        _ request: ImportRequest, to sink: (consuming EvidenceDraft) throws -> Void
    ) throws
        -> ImportResult
    {
        var result = try read(request)
        for draft in result.drafts { try sink(draft) }
        result.drafts = []
        return result
    }

    /// Packs what `stream` hands over into batches.
    public func streamBatches(
        _ request: ImportRequest, to sink: (consuming DraftBatch) throws -> Void
    ) throws -> ImportResult {
        var batch = DraftBatch()
        let result = try stream(request) { draft in
            batch.append(draft)
            if batch.isFull {
                try sink(batch)
                batch = DraftBatch()
            }
        }
        if !batch.isEmpty { try sink(batch) }
        return result
    }

    /// What `streamBatches` hands over, unpacked record by record: the `stream` of an
    /// importer that packs its records itself.
    ///
    /// - Throws: what `streamBatches` or `sink` throw.
    public func unpacking(
        _ request: ImportRequest, to sink: (consuming EvidenceDraft) throws -> Void
    ) throws -> ImportResult {
        try streamBatches(request) { batch in
            try batch.withView { drafts in
                for index in 0..<drafts.count { try sink(drafts.draft(index)) }
            }
        }
    }

    /// `sourceName(for: request.source)`.
    ///
    /// - Throws: nothing here; importers that open the source to tell may throw.
    public static func sourceName(for request: ImportRequest) throws -> String {
        sourceName(for: request.source)
    }

    /// `NAME:SOURCE`, without a leading `./`.
    public static func sourceName(for source: String) -> String {
        name + ":" + (source.hasPrefix("./") ? String(source.dropFirst(2)) : source)
    }
}

/// Checks clause references against the audit's checklist.
public struct ClauseChecker: Sendable {
    private let titles: [ClauseNumber: String]
    private let checklistID: String
    private let standard: String
    private let year: String
    private let transition: EditionMapping?
    private let checklist: Checklist
    /// The clauses' names in every language, for titles written beside a number and for
    /// inference; built the first time it is needed (a register read in stretches makes a
    /// checker per stretch, and most never need it).
    public var vocabulary: ClauseVocabulary { lazyVocabulary.value }
    private let lazyVocabulary: LazyVocabulary

    /// What a clause cell says.
    public struct Cell: Sendable {
        /// The checklist's clauses it names, in order, each once.
        public var clauses: [ClauseNumber] = []
        /// The references to other standards, editions or controls, as written
        /// (`ClauseReference.Reading.others`): kept on the record, never counted for a clause.
        public var others: [String] = []
        /// A warning for each reference the checklist does not know or whose written title
        /// names another clause.
        public var warnings: [Diagnostic] = []
        /// How the clauses read through the edition mapping were found (`ISO 9001:2015
        /// 6.1.2` → 6.1.2 and 6.1.3); the others the cell states.
        public var basis = ClauseBasis()
    }

    /// The attribute under which references to other standards and editions are kept.
    public static let otherReferences = EvidenceAttribute.otherReferences

    /// Creates a checker for `checklist`.
    public init(_ checklist: Checklist) {
        var titles: [ClauseNumber: String] = [:]
        for clause in checklist.clauses { titles[clause.number] = clause.title ?? "" }
        self.titles = titles
        checklistID = checklist.id
        standard = checklist.standard
        year = ClauseReference.year(of: checklist.edition)
        transition = checklist.transition
        self.checklist = checklist
        lazyVocabulary = LazyVocabulary(checklist)
    }

    /// The clauses of `clauses` that the checklist has.
    public func known(_ clauses: [ClauseNumber]) -> [ClauseNumber] {
        clauses.filter { titles[$0] != nil }
    }

    /// What `text`, a clause cell, refers to, with warnings at `location`.
    public func read(_ text: String, at location: SourceLocation) -> Cell {
        var cell = Cell()
        let reading = ClauseReference.read(
            text, standard: standard, year: year,
            previousYear: transition.map { ClauseReference.year(of: $0.edition) } ?? "")
        cell.others = reading.others
        // A reference to the superseded edition goes where its mapping takes it.
        if let transition {
            for match in reading.previous {
                let part = reading.previousParts.first { $0.contains(match.clause.description) }
                let targets = transition.clauses(for: match.clause, in: checklist)
                if targets.isEmpty {
                    cell.warnings.append(
                        .warning(
                            "clause \(match.clause) of \(transition.supersedes) is withdrawn in"
                                + " '\(checklistID)'", at: location))
                }
                for clause in targets where !cell.clauses.contains(clause) {
                    cell.clauses.append(clause)
                    cell.basis.entries.append(
                        .init(
                            clause: clause,
                            reason: "clause cell: '\(part ?? match.clause.description)' through"
                                + " the mapping from \(transition.supersedes)"))
                }
            }
        }
        if reading.matches.isEmpty, reading.others.isEmpty, reading.previous.isEmpty,
            !text.allSatisfy({ $0 == " " || $0 == "-" })
        {
            cell.warnings.append(
                .warning("'\(text)' is not a clause number (such as 7.5.3)", at: location))
        }
        for match in reading.matches {
            guard let title = titles[match.clause] else {
                cell.warnings.append(
                    .warning(
                        "clause \(match.clause) is not in checklist '\(checklistID)'", at: location)
                )
                continue
            }
            if !match.title.isEmpty, !title.isEmpty, let other = namedInstead(match) {
                cell.warnings.append(
                    .warning(
                        "clause \(match.clause) is '\(title)' in the checklist, but '\(match.title)'"
                            + " names \(other); check the number", at: location))
            }
            if !cell.clauses.contains(match.clause) { cell.clauses.append(match.clause) }
        }
        return cell
    }

    /// The clause a title written beside a number names instead of that number's, if it
    /// names one: a title in another language or a synonym is no contradiction, nor a title
    /// the vocabulary does not know.
    private func namedInstead(_ match: ClauseReference.Match) -> String? {
        let title = titles[match.clause] ?? ""
        if ClauseReference.titlesAgree(match.title, title)
            || vocabulary.names(match.clause, match.title)
        {
            return nil
        }
        let named = vocabulary.matches(in: match.title).map(\.clause)
        guard !named.isEmpty,
            !named.contains(where: { $0.contains(match.clause) || match.clause.contains($0) })
        else { return nil }
        return named.map { "\($0) '\(titles[$0] ?? "")'" }.joined(separator: " or ")
    }
}

/// A vocabulary made on first use, once, whichever thread asks.
private final class LazyVocabulary: @unchecked Sendable {
    // `made` is read and written only with `lock` held.
    private let lock = NSLock()
    private var made: ClauseVocabulary?
    private let checklist: Checklist

    init(_ checklist: Checklist) {
        self.checklist = checklist
    }

    var value: ClauseVocabulary {
        lock.lock()
        defer { lock.unlock() }
        if let made { return made }
        let vocabulary = ClauseVocabulary(checklist)
        made = vocabulary
        return vocabulary
    }
}

extension ImportResult {
    /// Folds in the records left out because an earlier record had their natural key.
    ///
    /// A row that repeats an earlier one exactly (`RepeatedKey.identical`: entered twice) is
    /// kept once, with a warning naming both lines. Any other is an error at its line naming
    /// `--skip-bad-rows`, or with `skipBadRows` a skipped row (its answer, if it gave one, is
    /// dropped too). The new diagnostics take their place among the others by line.
    ///
    /// - Parameters:
    ///   - repeated: the repeated keys, in source order.
    ///   - skipBadRows: whether the import skips bad rows.
    public mutating func noteRepeated(_ repeated: [RepeatedKey], skipBadRows: Bool) {
        guard !repeated.isEmpty else { return }
        var skipped = Set<Int>()
        for entry in repeated {
            let location =
                entry.line > 0
                ? SourceLocation(path: recordsPath, line: entry.line, column: 1) : nil
            if entry.identical {
                let first = entry.firstLine > 0 ? "line \(entry.firstLine)" : "an earlier row"
                diagnostics.append(
                    .warning(
                        "this row repeats \(first) ('\(entry.key)', the same record in every"
                            + " field); kept once", at: location))
                continue
            }
            let first = entry.firstLine > 0 ? " (first on line \(entry.firstLine))" : ""
            let message =
                "'\(entry.key)' is listed twice\(first) with different content; each row needs"
                + " its own document number or title"
            if skipBadRows {
                diagnostics.append(.warning("skipped: " + message, at: location))
                skippedLines.append(entry.line)
                skipped.insert(entry.line)
            } else {
                diagnostics.append(
                    .error(message + " (or leave such rows out with --skip-bad-rows)", at: location)
                )
            }
        }
        // Put the records' diagnostics in line order again, in the places they hold.
        let places = diagnostics.indices.filter { diagnostics[$0].location?.path == recordsPath }
        let ordered = places.map { diagnostics[$0] }.enumerated().sorted {
            let (left, right) = ($0.element.location, $1.element.location)
            return (left?.line ?? 0, left?.column ?? 0, $0.offset)
                < (right?.line ?? 0, right?.column ?? 0, $1.offset)
        }
        for (place, entry) in zip(places, ordered) { diagnostics[place] = entry.element }
        guard skipBadRows else { return }
        skippedLines.sort()
        if answerLines.count == answers.count {
            let kept = answers.indices.filter { !skipped.contains(answerLines[$0]) }
            answers = kept.map { answers[$0] }
            answerLines = kept.map { answerLines[$0] }
        }
    }
}
