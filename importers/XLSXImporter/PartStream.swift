import BoundedZip
import Foundation
import ZIPFoundation

/// How much a workbook part may inflate to: a register never comes near, a ZIP bomb does.
struct PartLimits: Sendable {
    /// The most bytes a part may inflate to (`--max-part-bytes`).
    var inflated: Int = 1 << 30
    /// The highest inflated-to-compressed ratio (`--max-ratio`), checked once a part has
    /// inflated past `ratioFloor` (small parts of repeated markup compress very well).
    var ratio: Int = 200
    static let ratioFloor = 16 << 20

    /// Why `inflated` bytes from `compressed` are too many, or `nil`.
    func problem(inflated count: Int, compressed: Int) -> String? {
        if count > inflated {
            return "it inflates to more than \(inflated) bytes (the limit, set with"
                + " --max-part-bytes)"
        }
        if count > Self.ratioFloor, compressed > 0, count / compressed > ratio {
            return "it inflates more than \(ratio) times its compressed size (the limit, set"
                + " with --max-ratio): a ZIP bomb, not a register"
        }
        return nil
    }
}

/// A workbook part inflated on its own thread into a socket that an XML reader reads, so a
/// sheet is never held whole in memory.
///
/// The inflating thread stops at the limits, or when the reader closes its end.
final class PartStream: @unchecked Sendable {
    /// The end the reader reads; the reader owns and closes it.
    let descriptor: Int32
    private let done = DispatchSemaphore(value: 0)
    // Written by the inflating thread before it signals `done`; read after waiting on it.
    private var failure: String?
    private var finished = false

    private struct Stop: Error {
        var problem: String?
    }

    /// Starts inflating the part `name` of the workbook at `url`, through an archive of its
    /// own (an `Archive` is not shared between threads).
    ///
    /// - Throws: `POSIXError` when no socket pair can be made.
    init(url: URL, part name: String, limits: PartLimits) throws {
        var ends: [Int32] = [0, 0]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &ends) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
        descriptor = ends[0]
        let writer = ends[1]
        let thread = Thread { [self] in
            var count = 0
            do {
                let archive = try Archive(url: url, accessMode: .read)
                guard let entry = archive[name] else { throw Stop(problem: "it is missing") }
                let compressed = Int(clamping: entry.compressedSize)
                let checksum = try BoundedExtraction.extract(entry, from: archive, path: url.path) {
                    data in
                    count += data.count
                    if let problem = limits.problem(inflated: count, compressed: compressed) {
                        throw Stop(problem: problem)
                    }
                    try data.withUnsafeBytes { bytes in
                        guard let base = bytes.baseAddress else { return }
                        var offset = 0
                        while offset < bytes.count {
                            let sent = send(
                                writer, base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                            if sent < 0 {
                                if errno == EINTR { continue }
                                throw Stop(problem: nil)  // the reader stopped reading
                            }
                            offset += sent
                        }
                    }
                }
                if checksum != entry.checksum { failure = "it fails its checksum" }
            } catch let stop as Stop {
                failure = stop.problem
            } catch {
                failure = "it cannot be unpacked"
            }
            close(writer)
            done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the inflating thread; why it stopped early, if it did.
    ///
    /// The socket is shut down first: a reader that stopped early (a damaged sheet) would
    /// otherwise leave the thread blocked sending into a full socket, and this wait forever
    /// (found by `make fuzz`).
    func finish() -> String? {
        if !finished {
            shutdown(descriptor, Int32(SHUT_RDWR))
            done.wait()
            finished = true
        }
        return failure
    }
}
