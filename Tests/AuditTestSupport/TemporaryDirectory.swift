import Foundation

/// A folder of its own for one test, removed when the value goes away.
public final class TemporaryDirectory: Sendable {
    /// The folder's path.
    public let path: String

    /// Creates an empty folder under the system's temporary directory.
    public init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/qmsaudit-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Writes `text` to `name` inside the folder and returns the file's path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        let folder = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }
}
