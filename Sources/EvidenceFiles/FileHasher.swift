import Crypto
import Foundation
import Synchronization

/// SHA-256 of files, on every core, reading each file in 1 MiB blocks.
public enum FileHasher {
    /// The hex SHA-256 of each path, or the error message for the ones that cannot be read;
    /// results are in the order of `paths`.
    public static func hash(_ paths: [String]) -> [Result<String, HashFailure>] {
        let hashed: [Result<Hashed<Never>, HashFailure>] = hash(paths, keepingLast: [])
        return hashed.map { $0.map(\.sha256) }
    }

    /// A file's hash and what was read from its last bytes, when asked for.
    public struct Hashed<Extra: Sendable>: Sendable {
        /// The hex SHA-256.
        public var sha256: String
        /// What `reading` made of the file's last bytes, if anything.
        public var extra: Extra?
    }

    /// As `hash(_:)`, handing the last `tails[i]` bytes of file `i` (none where `tails` is
    /// shorter or 0) to `reading` on the hashing thread, so that what a file says at its end
    /// (a PDF's document information) is read while it is hashed, not by opening it again,
    /// and only what `reading` makes of it is kept.
    public static func hash<Extra: Sendable>(
        _ paths: [String], keepingLast tails: [Int],
        reading: @Sendable ([UInt8]) -> Extra? = { _ in nil as Never? }
    ) -> [Result<Hashed<Extra>, HashFailure>] {
        let results = Mutex(
            [Result<Hashed<Extra>, HashFailure>?](repeating: nil, count: paths.count))
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, paths.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            var index = worker
            while index < paths.count {
                let keep = index < tails.count ? tails[index] : 0
                let result = hashFile(paths[index], keeping: keep, buffer: &buffer).map {
                    Hashed(sha256: $0.sha256, extra: keep > 0 ? reading($0.tail) : nil)
                }
                results.withLock { $0[index] = result }
                index += workers
            }
        }
        return results.withLock { $0.map { $0 ?? .failure(HashFailure(message: "not hashed")) } }
    }

    /// Why a file could not be hashed.
    public struct HashFailure: Error, Sendable {
        /// The system's reason, such as "Permission denied".
        public var message: String
    }

    private static func hashFile(_ path: String, keeping: Int, buffer: inout [UInt8]) -> Result<
        (sha256: String, tail: [UInt8]), HashFailure
    > {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return .failure(HashFailure(message: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        var tail: [UInt8] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return .failure(HashFailure(message: String(cString: strerror(errno)))) }
            if count == 0 { break }
            buffer.withUnsafeBytes {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count]))
            }
            if keeping > 0 {
                tail += buffer[max(0, count - keeping)..<count]
                if tail.count > keeping { tail.removeFirst(tail.count - keeping) }
            }
        }
        let hex = hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        return .success((hex, tail))
    }
}
