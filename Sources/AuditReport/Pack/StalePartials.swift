import Foundation

/// Packs are written as `NAME.partial-PID` and renamed into place when complete; a run killed
/// without warning leaves its partial behind, which the next run for the same name removes.
enum StalePartials {
    /// Removes the partials of `path` whose writing process is gone.
    static func remove(besides path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".partial-"
        let names =
            (try? FileManager.default.contentsOfDirectory(
                atPath: folder.isEmpty ? "." : folder)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            // kill(pid, 0) fails with ESRCH when no such process exists.
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(
                    atPath: (folder.isEmpty ? "" : folder + "/") + name)
            }
        }
    }
}
