import Foundation
public import Testing

/// Golden-file checks: compare text with a file in `__Snapshots__` beside the calling test file.
///
/// Run the tests with `RECORD_SNAPSHOTS=1` to write the files anew, then review the diff.
public enum Snapshot {
    /// Records an issue when `actual` differs from the snapshot `name`.
    public static func assert(
        _ actual: String, named name: String, filePath: String = #filePath,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let folder = (filePath as NSString).deletingLastPathComponent + "/__Snapshots__"
        let path = folder + "/" + name
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path, contents: Data(actual.utf8))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record(
                "no snapshot at \(path); run the tests with RECORD_SNAPSHOTS=1 to record it",
                sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            Issue.record(
                "output differs from \(name):\n\(firstDifference(expected, actual))",
                sourceLocation: sourceLocation)
        }
    }

    /// The first line where the two texts differ, for a readable failure.
    static func firstDifference(_ expected: String, _ actual: String) -> String {
        let lhs = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let rhs = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(lhs.count, rhs.count) {
            let left = index < lhs.count ? String(lhs[index]) : "<end>"
            let right = index < rhs.count ? String(rhs[index]) : "<end>"
            if left != right {
                return "line \(index + 1)\n  expected: \(left)\n  actual:   \(right)"
            }
        }
        return "(same lines, different line endings)"
    }
}

/// Paths of fixture files kept beside the tests.
public enum Fixture {
    /// The path of `name` in the `Fixtures` folder beside the calling test file.
    public static func path(_ name: String, filePath: String = #filePath) -> String {
        (filePath as NSString).deletingLastPathComponent + "/Fixtures/" + name
    }

    /// The package's root folder, found from this file's location.
    public static var packageRoot: String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }
}
