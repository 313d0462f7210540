import Crypto
import Foundation

/// A file written into a pack: its path in the pack, size and SHA-256.
public struct PackedFile: Sendable, Hashable {
    /// The path inside the pack, with `/` separators.
    public var path: String
    /// Its size in bytes.
    public var size: Int
    /// Its SHA-256, lowercase hex.
    public var sha256: String

    /// Creates an entry.
    public init(path: String, size: Int, sha256: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }
}

/// Where a pack is written: a folder or a ZIP file.
///
/// Nothing is visible at the destination until `finish` succeeds; `abandon` removes what was
/// written.
public protocol PackSink: AnyObject {
    /// Writes `bytes` as the file `path`.
    ///
    /// - Returns: the file's size and SHA-256.
    func add(_ path: String, bytes: [UInt8]) throws -> PackedFile
    /// Copies the file at `source` into the pack as `path`.
    ///
    /// - Returns: the copy's size and SHA-256, or `nil` when `source` cannot be opened.
    func add(_ path: String, copying source: String) throws -> PackedFile?
    /// Writes the file `path` from the text `body` hands to its argument, piece by piece: a
    /// register too big to hold as one string.
    ///
    /// - Returns: the file's size and SHA-256.
    func add(_ path: String, streaming body: (_ write: (String) throws -> Void) throws -> Void)
        throws -> PackedFile
    /// Makes the pack visible at its destination.
    func finish() throws
    /// Removes whatever was written.
    func abandon()
}

/// SHA-256 in lowercase hex.
enum PackHash {
    static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    static func of(_ bytes: [UInt8]) -> String { hex(SHA256.hash(data: bytes)) }
}

/// Reads a file in 1 MiB blocks.
struct BlockReader: ~Copyable {
    let descriptor: Int32
    let path: String

    /// Opens `path`, or returns `nil` when it cannot be opened (or is not a regular file).
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// The file's size now.
    var size: Int {
        var info = stat()
        return fstat(descriptor, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Calls `body` with each block until the end of the file.
    func forEachBlock(_ buffer: inout [UInt8], _ body: (UnsafeRawBufferPointer) throws -> Void)
        throws
    {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw PackError.cannotRead(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { return }
            try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }
}

/// Writes a pack into a folder, by way of a temporary sibling folder renamed into place.
///
/// An existing folder is replaced only when it is a pack (it holds `manifest.json`) or empty.
public final class FolderSink: PackSink {
    private let destination: String
    private let staging: String
    private var buffer = [UInt8](repeating: 0, count: 1 << 20)
    private var madeFolders: Set<String> = []

    /// Prepares to write the pack into `path`.
    ///
    /// - Throws: `PackError.notAPackFolder` when `path` holds something other than a pack.
    public init(path: String) throws {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isFolder) {
            let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? ["?"]
            guard isFolder.boolValue,
                contents.isEmpty || manager.fileExists(atPath: path + "/manifest.json")
            else { throw PackError.notAPackFolder(path: path) }
        }
        destination = path
        StalePartials.remove(besides: path)
        staging = path + ".partial-\(getpid())"
        try? manager.removeItem(atPath: staging)
        do {
            try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        } catch {
            throw PackError.cannotWrite(path: staging, reason: error.localizedDescription)
        }
    }

    /// Writes `bytes` as the file `path`.
    ///
    /// - Returns: the file's size and SHA-256.
    public func add(_ path: String, bytes: [UInt8]) throws -> PackedFile {
        let target = try prepare(path)
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: target))
        } catch {
            throw PackError.cannotWrite(path: target, reason: error.localizedDescription)
        }
        return PackedFile(path: path, size: bytes.count, sha256: PackHash.of(bytes))
    }

    /// Copies the file at `source` into the pack as `path`.
    ///
    /// - Returns: the copy's size and SHA-256, or `nil` when `source` cannot be opened.
    public func add(_ path: String, copying source: String) throws -> PackedFile? {
        guard let reader = BlockReader(path: source) else { return nil }
        return try write(path) { put in try reader.forEachBlock(&buffer, put) }
    }

    /// Writes the file `path` from the text `body` hands to its argument, piece by piece.
    ///
    /// - Returns: the file's size and SHA-256.
    public func add(
        _ path: String, streaming body: (_ write: (String) throws -> Void) throws -> Void
    ) throws -> PackedFile {
        try write(path) { put in
            // `body` only calls it before returning.
            try withoutActuallyEscaping(put) { put in
                try body { text in
                    var text = text
                    try text.withUTF8 { try put(UnsafeRawBufferPointer($0)) }
                }
            }
        }
    }

    /// Writes the file `path` from the blocks `produce` hands to its argument, hashing them.
    private func write(
        _ path: String,
        _ produce: (_ put: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
    ) throws -> PackedFile {
        let target = try prepare(path)
        let output = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else {
            throw PackError.cannotWrite(path: target, reason: String(cString: strerror(errno)))
        }
        defer { close(output) }
        var hasher = SHA256()
        var size = 0
        try produce { block in
            hasher.update(bufferPointer: block)
            size += block.count
            guard let base = block.baseAddress else { return }
            var written = 0
            while written < block.count {
                let count = Foundation.write(output, base + written, block.count - written)
                guard count > 0 else {
                    throw PackError.cannotWrite(
                        path: target, reason: String(cString: strerror(errno)))
                }
                written += count
            }
        }
        return PackedFile(path: path, size: size, sha256: PackHash.hex(hasher.finalize()))
    }

    /// Makes the pack visible at its destination.
    public func finish() throws {
        let manager = FileManager.default
        let old = destination + ".old-\(getpid())"
        do {
            if manager.fileExists(atPath: destination) {
                try manager.moveItem(atPath: destination, toPath: old)
            }
            try manager.moveItem(atPath: staging, toPath: destination)
            try? manager.removeItem(atPath: old)
        } catch {
            throw PackError.cannotWrite(path: destination, reason: error.localizedDescription)
        }
    }

    /// Removes whatever was written.
    public func abandon() {
        try? FileManager.default.removeItem(atPath: staging)
    }

    private func prepare(_ path: String) throws -> String {
        let target = staging + "/" + path
        if let slash = path.lastIndex(of: "/") {
            let folder = staging + "/" + path[..<slash]
            if !madeFolders.contains(folder) {
                do {
                    try FileManager.default.createDirectory(
                        atPath: folder, withIntermediateDirectories: true)
                } catch {
                    throw PackError.cannotWrite(path: folder, reason: error.localizedDescription)
                }
                madeFolders.insert(folder)
            }
        }
        return target
    }
}
