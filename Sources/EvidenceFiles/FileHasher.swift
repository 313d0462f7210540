import Crypto
import Foundation
import Synchronization

/// SHA-256 of files, on every core, reading each file in 1 MiB blocks.
public enum FileHasher {
    /// The hex SHA-256 of each path, or the error message for the ones that cannot be read;
    /// results are in the order of `paths`.
    public static func hash(_ paths: [String]) -> [Result<String, HashFailure>] {
        let results = Mutex([Result<String, HashFailure>?](repeating: nil, count: paths.count))
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, paths.count))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var buffer = [UInt8](repeating: 0, count: 1 << 20)
            var index = worker
            while index < paths.count {
                let result = hashFile(paths[index], buffer: &buffer)
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

    private static func hashFile(_ path: String, buffer: inout [UInt8]) -> Result<
        String, HashFailure
    > {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return .failure(HashFailure(message: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var hasher = SHA256()
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 { return .failure(HashFailure(message: String(cString: strerror(errno)))) }
            if count == 0 { break }
            buffer.withUnsafeBytes {
                hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<count]))
            }
        }
        return .success(
            hasher.finalize().map { byte in
                let hex = String(byte, radix: 16)
                return byte < 16 ? "0" + hex : hex
            }.joined())
    }
}
