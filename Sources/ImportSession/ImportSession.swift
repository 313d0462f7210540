public import AuditModel
public import AuditStore
import Foundation
public import ImportKit
import ImportTransport

/// One import into an audit file, from start to landing.
///
/// It hands the importer what the audit already knows of the source's files, reads and writes
/// at the same time (the importer on its own thread, the audit file on the calling one), and
/// lands everything in one transaction or, when any diagnostic is an error, nothing. It prints
/// nothing: it returns what happened, or throws `ImportSessionError.sourceHasErrors` with every
/// diagnostic, for the caller to show.
///
/// What every importer gets from a session, whatever its kind:
/// - a source given as a pipe (`<(…)`, a FIFO) is copied aside first, so the importer can read
///   it (and read it again to tell where a repeated key came first) like any file;
/// - a natural key listed twice is found by the audit file (its unique index), so neither side
///   keeps every key in memory; where it came first, and whether the two rows are the same, is
///   found by reading the source a second time, only when keys repeat;
/// - records of a source are filed with the folder their relative locations resolve against
///   (a document folder's real path; the working folder for other sources), so the files are
///   found later from any working folder;
/// - one malloc arena for the whole process (`MallocArenas`).
public struct ImportSession: Sendable {
    /// The audit file imported into.
    public let file: AuditFile
    /// Report what would change, change nothing.
    public var dryRun: Bool
    /// Who, which command, when.
    public var context: ChangeContext
    /// Receives progress messages from the importer for long work.
    public var progress: (@Sendable (String) -> Void)?
    /// How many of the first records to hand back as read (`ImportOutcome.firstRecords`).
    public var show = 0

    /// A session importing into `file`.
    public init(
        file: AuditFile, dryRun: Bool = false, context: ChangeContext,
        progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.file = file
        self.dryRun = dryRun
        self.context = context
        self.progress = progress
    }

    /// Imports `source` with `importer`, given `options` (parsed by its declarations).
    ///
    /// - Returns: what changed, with the importer's warnings and notes.
    /// - Throws: `ImportSessionError.sourceHasErrors` with every diagnostic (nothing was
    ///   written), `ImportError` when the source cannot be read at all, `AuditStoreError`.
    public func run(
        _ importer: any EvidenceImporter, source: String, options: ImportOptions = ImportOptions()
    ) throws -> ImportOutcome {
        MallocArenas.useOne()
        var request = ImportRequest(
            source: source, checklist: try file.checklist(), options: options)
        request.progress = progress
        let kind = type(of: importer)
        let copy = kind.source == .file ? try PipeCopy(of: source) : nil
        defer { copy?.remove() }
        if let copy { request.path = copy.path }
        var sourceName = try kind.sourceName(for: request)
        var notes: [String] = []
        // The same folder typed through a link, or from another working folder, is the source
        // it was, not a second copy of every record.
        let place = kind.place(of: request)
        if let place {
            let prefix = kind.name + ":"
            let recorded = try file.sourceName(for: sourceName, at: place, prefix: prefix)
            if recorded != sourceName {
                notes.append(
                    "this is the folder imported before as '\(recorded)'; its records keep that"
                        + " name")
                request.recordedAs = String(recorded.dropFirst(prefix.count))
                sourceName = recorded
            }
        }
        let root = place ?? Self.workingFolder()
        // What the audit knows of the source's files is read here while the importer walks
        // its source; the importer waits for it only once it needs it.
        let facts = BoundedChannel<Result<KnownFiles, any Error>>(capacity: 1)
        if kind.usesKnownFiles {
            let known = KnownFactsOnce(facts)
            request.previous = { try known.get() }
        }
        let batches = BoundedChannel<DraftBatch>(capacity: 8)
        let reading = request
        let progress = self.progress
        let show = self.show
        let outcome = BoundedChannel.result { () throws -> (ImportResult, [EvidenceDraft]) in
            do {
                var counter = ProgressCounter(report: progress)
                var first: [EvidenceDraft] = []
                let result = try importer.streamBatches(reading) { batch in
                    counter.add(batch.count)
                    if first.count < show { first += batch.drafts.prefix(show - first.count) }
                    try batches.send(batch)
                }
                batches.finish()
                return (result, first)
            } catch {
                batches.finish()
                throw error
            }
        }
        var finished: ImportResult?
        var firstRecords: [EvidenceDraft] = []
        do {
            let known =
                kind.usesKnownFiles ? Result { try file.knownFiles(source: sourceName) } : nil
            if let known {
                try facts.send(known)
                facts.finish()
            }
            let report = try file.importEvidence(
                batches: batches,
                closing: { report in
                    // The batches are exhausted: the importer has finished reading.
                    guard let delivered = outcome.receive() else { throw CancellationError() }
                    var (result, first) = try delivered.get()
                    firstRecords = first
                    result.noteRepeated(
                        Self.resolve(report.repeated, importer: importer, request: reading),
                        skipBadRows: reading.options.flag("skip-bad-rows"))
                    if report.repeatedBeyond > 0 {
                        let skipping = reading.options.flag("skip-bad-rows")
                        result.diagnostics.append(
                            Diagnostic(
                                skipping ? .warning : .error,
                                "… and \(report.repeatedBeyond) more rows whose key an earlier"
                                    + " row had" + (skipping ? ", skipped" : "")
                                    + " (only the first \(ImportReport.repeatedLimit) are listed)",
                                at: nil))
                    }
                    finished = result
                    if result.diagnostics.containsErrors {
                        throw ImportSessionError.sourceHasErrors(
                            source: source, diagnostics: result.diagnostics)
                    }
                    return ImportClosing(
                        answers: result.answers, derivation: result.derivation,
                        place: place ?? "", root: root)
                }, source: sourceName, dryRun: dryRun, known: try known?.get(), context: context)
            guard let finished else { throw CancellationError() }
            return ImportOutcome(
                sourceName: sourceName, report: report, diagnostics: finished.diagnostics,
                skippedLines: finished.skippedLines, answers: finished.answers.count, notes: notes,
                dryRun: dryRun, firstRecords: firstRecords)
        } catch {
            batches.cancel()
            facts.cancel()
            // Wait for the importer to stop before its source copy is removed.
            _ = outcome.receive()
            throw error
        }
    }

    /// `repeated` with the line each key was first met on and whether that first record was
    /// the same as the repeat, read from the source again (the audit file knows that a key
    /// repeats, not where it came first nor what the first row said).
    static func resolve(
        _ repeated: [RepeatedKey], importer: any EvidenceImporter, request: ImportRequest
    ) -> [RepeatedKey] {
        let wanted = Set(repeated.filter { $0.line > 0 }.map(\.key))
        guard !wanted.isEmpty else { return repeated }
        var first: [String: (line: Int, fingerprint: Int)] = [:]
        _ = try? importer.streamBatches(request) { batch in
            batch.withView { drafts in
                for index in 0..<drafts.count {
                    let key = drafts.string(.naturalKey, of: index)
                    if wanted.contains(key) && first[key] == nil {
                        first[key] = (drafts.line(of: index), drafts.fingerprint(of: index))
                    }
                }
            }
        }
        return repeated.map { entry in
            var entry = entry
            guard let met = first[entry.key] else { return entry }
            if entry.firstLine == 0 { entry.firstLine = met.line }
            entry.identical = entry.fingerprint != 0 && entry.fingerprint == met.fingerprint
            return entry
        }
    }

    /// The real path of the folder the command runs in: the root of sources whose relative
    /// locations were written from here.
    static func workingFolder() -> String {
        let current = FileManager.default.currentDirectoryPath
        guard let resolved = realpath(current, nil) else { return current }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// What an import did, or with `dryRun` would do.
public struct ImportOutcome: Sendable {
    /// The name the records are filed under: `csv:register.csv`.
    public var sourceName: String
    /// The records added, changed, unchanged and removed.
    public var report: ImportReport
    /// The importer's warnings and notes (no errors: an import with errors lands nothing and
    /// throws them).
    public var diagnostics: [Diagnostic]
    /// Rows left out with `--skip-bad-rows`.
    public var skippedLines: [Int]
    /// How many answers the source brought (a filled-in checklist).
    public var answers: Int
    /// What the person who ran it should know besides the diagnostics.
    public var notes: [String]
    /// Whether nothing was written.
    public var dryRun: Bool
    /// The first records as the importer read them (`ImportSession.show` of them).
    public var firstRecords: [EvidenceDraft] = []
}

/// Why an import landed nothing.
public enum ImportSessionError: QMSAuditError {
    /// The source has errors: every diagnostic, errors and warnings, in source order.
    case sourceHasErrors(source: String, diagnostics: [Diagnostic])

    /// A message for people (the diagnostics are shown before it).
    public var description: String {
        switch self {
        case .sourceHasErrors(let source, let diagnostics):
            let count = diagnostics.filter { $0.severity == .error }.count
            return "\(source): \(count.counted("error")); nothing was recorded"
        }
    }
}

/// The audit's facts about a source's files, received once from the channel the session fills
/// and kept for any later call.
private final class KnownFactsOnce: @unchecked Sendable {
    // `cached` is read and written only with `lock` held.
    private let lock = NSLock()
    private var cached: Result<KnownFiles, any Error>?
    private let channel: BoundedChannel<Result<KnownFiles, any Error>>

    init(_ channel: BoundedChannel<Result<KnownFiles, any Error>>) {
        self.channel = channel
    }

    func get() throws -> KnownFiles {
        lock.lock()
        defer { lock.unlock() }
        let result = cached ?? channel.receive() ?? .failure(CancellationError())
        cached = result
        return try result.get()
    }
}

/// Counts the records an importer reads and says how far it got, at most once a second, for a
/// long import on a terminal.
struct ProgressCounter {
    let report: (@Sendable (String) -> Void)?
    /// Seconds between two reports.
    let interval: Double
    private var records = 0
    private var last = ProgressCounter.now()

    init(report: (@Sendable (String) -> Void)?, interval: Double = 1) {
        self.report = report
        self.interval = interval
    }

    mutating func add(_ count: Int) {
        records += count
        guard let report else { return }
        let now = Self.now()
        guard now - last >= interval else { return }
        last = now
        report("… \(records.grouped) records read")
    }

    private static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}
