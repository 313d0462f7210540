import AuditModel
import AuditStore
import Foundation
import ImportKit

/// Runs one import into an audit file: hands the importer what the audit already knows of the
/// source's files, reads and writes at the same time (the importer on its own thread, the
/// audit file on this one), prints every diagnostic, and lands everything in one transaction
/// or, when any diagnostic is an error, nothing.
///
/// A natural key listed twice is found by the audit file (its unique index), so neither side
/// keeps every key in memory; where the first record with that key was is then found by
/// reading the source a second time, only when there are repeats.
enum EvidenceImportRunner {
    /// Imports `request.source` with `importer` into `file`.
    ///
    /// - Parameters:
    ///   - importer: the importer to run.
    ///   - request: what to read; its `previous` is filled in here.
    ///   - file: the audit file.
    ///   - dryRun: report what would change, change nothing.
    /// - Returns: the importer's result (without its drafts, which went to the file) and what
    ///   changed.
    /// - Throws: `CommandError.inputHasErrors` after printing the diagnostics, `ImportError`,
    ///   `AuditStoreError`.
    static func run(
        _ importer: any EvidenceImporter, request: ImportRequest, into file: AuditFile,
        dryRun: Bool = false
    ) throws -> (result: ImportResult, report: ImportReport) {
        var request = request
        let kind = type(of: importer)
        var sourceName = try kind.sourceName(for: request)
        // The same folder typed from another working folder is the source it was, not a second
        // copy of every record.
        let place = kind.place(of: request)
        if let place {
            let prefix = kind.name + ":"
            let recorded = try file.sourceName(for: sourceName, at: place, prefix: prefix)
            if recorded != sourceName {
                Console.printError(
                    "note: this is the folder imported before as '\(recorded)' (from another"
                        + " working folder); its records keep that name and their locations")
                request.recordedAs = String(recorded.dropFirst(prefix.count))
                sourceName = recorded
            }
        }
        // What the audit knows of the source's files is read here while the importer walks
        // its source; the importer waits for it only once it needs it.
        let facts = Outcome<KnownFiles>()
        if kind.usesKnownFiles {
            request.previous = { try facts.wait().get() }
        }
        let pipe = DraftPipe()
        let outcome = Outcome<ImportResult>()
        let reading = request
        let thread = Thread {
            do {
                let result = try importer.streamBatches(reading) { try pipe.send($0) }
                pipe.close()
                outcome.finish(.success(result))
            } catch {
                pipe.close()
                outcome.finish(.failure(error))
            }
        }
        thread.stackSize = 8 << 20
        thread.start()
        var finished: ImportResult?
        do {
            let known =
                kind.usesKnownFiles ? Result { try file.knownFiles(source: sourceName) } : nil
            if let known { facts.finish(known) }
            let report = try file.importEvidence(
                batches: pipe,
                closing: { report in
                    // The drafts are exhausted: the importer has finished reading.
                    var result = try outcome.wait().get()
                    result.noteRepeated(
                        firstLines(report.repeated, importer: importer, request: reading),
                        skipBadRows: request.skipBadRows)
                    finished = result
                    try check(result, source: request.source)
                    return ImportClosing(
                        answers: result.answers, derivation: result.derivation, place: place ?? "")
                }, source: sourceName, dryRun: dryRun, known: try known?.get(),
                context: Invocation.context())
            guard let finished else { throw CancellationError() }
            return (finished, report)
        } catch {
            pipe.cancel()
            _ = outcome.wait()
            throw error
        }
    }

    /// `repeated` with the line each key was first met on, read from the source again when the
    /// audit file could not tell (it knows that a key repeats, not where it came first).
    private static func firstLines(
        _ repeated: [RepeatedKey], importer: any EvidenceImporter, request: ImportRequest
    ) -> [RepeatedKey] {
        let wanted = Set(repeated.filter { $0.firstLine == 0 && $0.line > 0 }.map(\.key))
        guard !wanted.isEmpty else { return repeated }
        var first: [String: Int] = [:]
        _ = try? importer.stream(request) { draft in
            if wanted.contains(draft.naturalKey) && first[draft.naturalKey] == nil {
                first[draft.naturalKey] = draft.line
            }
        }
        return repeated.map { entry in
            var entry = entry
            if entry.firstLine == 0 { entry.firstLine = first[entry.key] ?? 0 }
            return entry
        }
    }

    /// Prints the diagnostics; throws when any is an error, so the transaction rolls back.
    private static func check(_ result: ImportResult, source: String) throws {
        Console.printDiagnostics(result.diagnostics)
        if result.diagnostics.containsErrors {
            let count = result.diagnostics.filter { $0.severity == .error }.count
            throw CommandError.inputHasErrors(count: count, nothingChanged: source)
        }
        if !result.skippedLines.isEmpty {
            Console.printError(
                "skipped \(result.skippedLines.count.counted("row")) with errors: lines "
                    + result.skippedLines.map(String.init).joined(separator: ", "))
        }
    }
}

/// Batches of records handed from the importer's thread to the writer's, with a bounded
/// number in flight, so memory stays flat whichever side is faster.
final class DraftPipe: Sequence, @unchecked Sendable {
    typealias Element = DraftBatch

    private let condition = NSCondition()
    private var batches: [DraftBatch] = []
    private var closed = false
    private var cancelled = false
    private let depth: Int

    init(depth: Int = 8) {
        self.depth = depth
    }

    /// Hands over one batch (importer side); waits while the writer is `depth` batches
    /// behind.
    /// - Throws: `CancellationError` once the writer has given up.
    func send(_ batch: consuming DraftBatch) throws {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= depth && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        batches.append(batch)
        condition.broadcast()
    }

    /// No more batches (importer side).
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The writer gives up: the importer's next `send` throws.
    func cancel() {
        condition.lock()
        cancelled = true
        batches = []
        condition.broadcast()
        condition.unlock()
    }

    private func nextBatch() -> DraftBatch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !closed { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Iterates the batches as they arrive (writer side).
    func makeIterator() -> Iterator {
        Iterator(pipe: self)
    }

    /// Waits for each batch in turn.
    struct Iterator: IteratorProtocol {
        let pipe: DraftPipe

        mutating func next() -> DraftBatch? {
            pipe.nextBatch()
        }
    }
}

/// A result one thread sets and another waits for.
final class Outcome<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Result<Value, any Error>?

    func finish(_ result: Result<Value, any Error>) {
        condition.lock()
        value = result
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Result<Value, any Error> {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value { return value }
            condition.wait()
        }
    }
}
