import Foundation

/// A copy of a source that can be read only once — a named pipe, `<(…)` — in a temporary
/// file, so the importer reads it like any file (and can read it again).
public struct PipeCopy {
    /// The copy.
    public let path: String

    /// A copy of `source` when it is a pipe or another stream; `nil` for a regular file, a
    /// folder, or a path that does not exist (the importer says what is wrong with those).
    ///
    /// - Throws: `ImportError.unreadable` when the pipe cannot be read or the copy written.
    public init?(of source: String) throws {
        var info = stat()
        guard stat(source, &info) == 0 else { return nil }
        let type = info.st_mode & S_IFMT
        guard type == S_IFIFO || type == S_IFCHR || type == S_IFSOCK else { return nil }
        let folder = NSTemporaryDirectory()
        var template = Array(
            ((folder.hasSuffix("/") ? folder : folder + "/") + "qmsaudit-source-XXXXXX").utf8CString
        )
        let output = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.map { mkstemp($0) } ?? -1
        }
        guard output >= 0 else {
            throw ImportError.unreadable(
                path: source, reason: "cannot copy it aside: \(String(cString: strerror(errno)))")
        }
        path = String(
            decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let input = open(source, O_RDONLY)
        defer { close(output) }
        guard input >= 0 else {
            unlink(path)
            throw ImportError.unreadable(path: source, reason: String(cString: strerror(errno)))
        }
        defer { close(input) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                unlink(path)
                throw ImportError.unreadable(path: source, reason: String(cString: strerror(errno)))
            }
            var written = 0
            while written < count {
                let step = buffer.withUnsafeBytes { bytes in
                    write(output, bytes.baseAddress.map { $0 + written }, count - written)
                }
                guard step > 0 else {
                    unlink(path)
                    throw ImportError.unreadable(
                        path: source,
                        reason: "cannot copy it aside: \(String(cString: strerror(errno)))")
                }
                written += step
            }
        }
    }

    /// Removes the copy.
    public func remove() {
        unlink(path)
    }
}
