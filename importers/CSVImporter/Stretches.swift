import AuditModel
import Foundation
import ImportKit
import ImportTransport

#if canImport(Glibc)
    import Glibc
#endif

/// A large UTF-8 register read on every core: cut into stretches of about `stretchBytes`
/// at line breaks, each stretch read and mapped on its own thread, and the records handed
/// over in file order, with lines counted as if the file had been read from the top.
///
/// A cut is only a guess at where a row starts: a line break may be inside a quoted field.
/// The stretch before a cut tells where its last row really ended; when that is not the
/// cut, the stretch after it was misread and is read again from where the row did end, so
/// the records and diagnostics are always those of reading the file in one go.
struct Stretches {
    /// The file read.
    let file: String
    /// The path diagnostics name.
    let path: String
    let separator: UInt8
    let validates: Bool
    let columns: TableColumns
    let request: ImportRequest
    let sourceName: String
    /// Where each stretch starts; the last runs to the end of the file.
    let starts: [Int]

    /// Plans the stretches of the rows from `start` (a row's first byte) to the end of
    /// `file`; `nil` when the file is too small to be worth cutting.
    init?(
        file: String, path: String, separator: UInt8, validates: Bool, columns: TableColumns,
        request: ImportRequest, sourceName: String, start: Int, stretchBytes: Int
    ) throws {
        guard
            let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size]
                as? Int, size - start > stretchBytes
        else { return nil }
        var starts = [start]
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var nominal = start + stretchBytes
        // Each cut is just after the first line break at or after its nominal place.
        cutting: while nominal < size {
            var position = nominal
            while true {
                let count = buffer.withUnsafeMutableBytes {
                    pread(descriptor, $0.baseAddress, $0.count, off_t(position))
                }
                guard count > 0 else { break cutting }
                let found = buffer.withUnsafeBytes { bytes -> Int? in
                    guard let base = bytes.baseAddress, let hit = memchr(base, 0x0A, count) else {
                        return nil
                    }
                    return UnsafeRawPointer(hit) - base
                }
                if let found {
                    let cut = position + found + 1
                    if cut < size && cut > starts[starts.count - 1] { starts.append(cut) }
                    nominal = max(cut, nominal) + stretchBytes
                    continue cutting
                }
                position += count
            }
        }
        guard starts.count > 1 else { return nil }
        self.file = file
        self.path = path
        self.separator = separator
        self.validates = validates
        self.columns = columns
        self.request = request
        self.sourceName = sourceName
        self.starts = starts
    }

    /// What reading one stretch gave.
    struct Stretch: Sendable {
        var batches: [DraftBatch] = []
        var result: ImportResult
        var readerDiagnostics: [Diagnostic]
        /// Where its last row ended, whether that is the next stretch's start, and how many
        /// lines it spans up to there.
        var stoppedAt: Int
        var aligned: Bool
        var lines: Int
    }

    /// Reads the rows from `start` until one ends at or after `stop`.
    func read(from start: Int, stop: Int?) throws -> Stretch {
        let reader = try CSVReader(
            path: file, separator: separator, validates: validates, start: start, stop: stop,
            named: path)
        var batches: [DraftBatch] = []
        let result = try TableImport.map(
            reader, columns: columns, request: request, path: path, sourceName: sourceName
        ) { batches.append($0) }
        return Stretch(
            batches: batches, result: result, readerDiagnostics: reader.diagnostics,
            stoppedAt: reader.stoppedAt, aligned: reader.stoppedAligned,
            lines: reader.nextLine - 1)
    }

    /// Reads every stretch, two threads at a time, handing the records to `sink` in file
    /// order with their lines counted from `firstLine` (the line of the first stretch's start).
    ///
    /// - Returns: the rows' result; `readerDiagnostics` collects the structural problems.
    /// - Throws: `ImportError.unreadable`, or what `sink` throws.
    func run(
        firstLine: Int, readerDiagnostics: inout [Diagnostic],
        to sink: (consuming DraftBatch) throws -> Void
    ) throws -> ImportResult {
        let workers = max(2, min(4, ProcessInfo.processInfo.activeProcessorCount))
        // Worker w reads stretches w, w + workers, … and hands each over through its own
        // channel: they arrive in file order, and no worker reads more than one stretch ahead.
        let channels = (0..<workers).map { _ in
            BoundedChannel<Result<Stretch, any Error>>(capacity: 1)
        }
        let finished = BoundedChannel<Int>(capacity: workers)
        for worker in 0..<workers {
            let channel = channels[worker]
            let thread = Thread { [self] in
                var index = worker
                while index < starts.count {
                    let stop = index + 1 < starts.count ? starts[index + 1] : nil
                    do {
                        try channel.send(Result { try read(from: starts[index], stop: stop) })
                    } catch {
                        break  // the reader gave up
                    }
                    index += workers
                }
                channel.finish()
                try? finished.send(worker)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        defer {
            // Stop the workers and wait until each has finished the stretch it was reading.
            for channel in channels { channel.cancel() }
            for _ in 0..<workers { _ = finished.receive() }
        }
        var result = ImportResult(sourceName: sourceName, drafts: [], diagnostics: [])
        result.recordsPath = path
        var expected = starts[0]
        var lineOffset = firstLine - 1
        for index in starts.indices {
            guard let delivered = channels[index % workers].receive() else {
                throw CancellationError()
            }
            var stretch = try delivered.get()
            if starts[index] != expected {
                // The row before the cut ran past it: this stretch began inside that row.
                let stop = index + 1 < starts.count ? starts[index + 1] : nil
                stretch = try read(from: expected, stop: stop)
            }
            expected = stretch.stoppedAt
            for var batch in stretch.batches {
                batch.shiftLines(by: lineOffset)
                try sink(batch)
            }
            stretch.batches = []
            func shifted(_ diagnostic: Diagnostic) -> Diagnostic {
                var diagnostic = diagnostic
                if diagnostic.location?.path == path { diagnostic.location?.line += lineOffset }
                return diagnostic
            }
            readerDiagnostics += stretch.readerDiagnostics.map(shifted)
            result.diagnostics += stretch.result.diagnostics.map(shifted)
            result.skippedLines += stretch.result.skippedLines.map { $0 + lineOffset }
            lineOffset += stretch.lines
        }
        return result
    }
}
