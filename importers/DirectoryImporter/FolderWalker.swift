import Foundation
import Synchronization

/// A file found by the walk.
struct FoundFile: Sendable {
    /// The path relative to the root, `/`-separated.
    var relativePath: String
    var size: Int
    /// Modification time, seconds since 1970 with nanoseconds.
    var modified: Double
}

/// Walks a folder with `opendir`/`readdir` (Foundation's enumerators are far slower on Linux),
/// never following a link out of the root, detecting loops, and reporting what it cannot read
/// without stopping.
///
/// Two passes: the folders are read one after another (so which of two ways to the same folder
/// is walked never depends on timing), then the files' sizes and modification times are read
/// on every core — `stat` is most of a walk's time.
struct FolderWalker {
    let root: String
    let ignore: IgnoreList
    private(set) var files: [FoundFile] = []
    private(set) var problems: [(path: String, message: String)] = []
    private var visited: Set<String> = []
    private let rootReal: String
    /// The folders walked: where to open them, and their path relative to the root.
    private var folders: [(absolute: String, relative: String)] = []
    /// Regular files still to `stat`: the folder (an index into `folders`) and the name.
    private var pending: [(folder: Int, name: String)] = []

    init(root: String, ignore: IgnoreList) {
        self.root = root
        self.ignore = ignore
        rootReal = Self.realPath(root) ?? root
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private func inside(_ real: String) -> Bool {
        real == rootReal || real.hasPrefix(rootReal.hasSuffix("/") ? rootReal : rootReal + "/")
    }

    mutating func walk() {
        walk(absolute: root, relative: "")
        statPending()
        files.sort { $0.relativePath < $1.relativePath }
        problems.sort { $0.path < $1.path }
    }

    /// Reads one folder and, depth first, the folders in it; regular files are left in
    /// `pending`, to be looked at on every core.
    private mutating func walk(absolute: String, relative: String) {
        guard let real = Self.realPath(absolute) else {
            problems.append((relative.isEmpty ? "." : relative, "cannot resolve the folder"))
            return
        }
        guard visited.insert(real).inserted else {
            problems.append((relative, "link loop: this folder was already walked; skipped"))
            return
        }
        // Children are looked at relative to the open folder: no path walk from the root for
        // each of them.
        let descriptor = open(absolute, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0, let directory = fdopendir(descriptor) else {
            if descriptor >= 0 { close(descriptor) }
            problems.append(
                (
                    relative.isEmpty ? "." : relative,
                    "cannot read the folder: \(String(cString: strerror(errno)))"
                ))
            return
        }
        defer { closedir(directory) }
        let folder = folders.count
        folders.append((absolute, relative))
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || name == ".qmsauditignore" { continue }
            entries.append((name, entry.pointee.d_type))
        }
        for (name, type) in entries.sorted(by: { $0.name < $1.name }) {
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            if type == UInt8(DT_REG) {
                if !ignore.ignores(childRelative, isFolder: false) {
                    pending.append((folder, name))
                }
                continue
            }
            if type == UInt8(DT_DIR) {
                if !ignore.ignores(childRelative, isFolder: true) {
                    walk(absolute: Self.join(absolute, name), relative: childRelative)
                }
                continue
            }
            // A link, or a file system that does not say what the entry is: look.
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                problems.append((childRelative, "cannot read: \(String(cString: strerror(errno)))"))
                continue
            }
            var kind = info.st_mode & S_IFMT
            let childAbsolute = Self.join(absolute, name)
            if kind == S_IFLNK {
                guard let target = Self.realPath(childAbsolute) else {
                    problems.append((childRelative, "broken link; skipped"))
                    continue
                }
                guard inside(target) else {
                    problems.append((childRelative, "link leads out of the folder; not followed"))
                    continue
                }
                guard fstatat(descriptor, name, &info, 0) == 0 else { continue }
                kind = info.st_mode & S_IFMT
            }
            if kind == S_IFDIR {
                if ignore.ignores(childRelative, isFolder: true) { continue }
                walk(absolute: childAbsolute, relative: childRelative)
            } else if kind == S_IFREG {
                if ignore.ignores(childRelative, isFolder: false) { continue }
                files.append(Self.found(childRelative, info))
            }
        }
    }

    /// Looks at the regular files `walk` left, folder by folder, on every core.
    private mutating func statPending() {
        let (pending, folders) = (self.pending, self.folders)
        guard !pending.isEmpty else { return }
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        // Slices of about equal numbers of files, several per worker so none waits long.
        let sliceCount = min(pending.count, workers * 4)
        let bounds = (0...sliceCount).map { $0 * pending.count / sliceCount }
        let found = Mutex<[(slice: Int, files: [FoundFile], problems: [(String, String)])]>([])
        DispatchQueue.concurrentPerform(iterations: sliceCount) { slice in
            var files: [FoundFile] = []
            var problems: [(String, String)] = []
            files.reserveCapacity(bounds[slice + 1] - bounds[slice])
            var current: (folder: Int, descriptor: Int32) = (-1, -1)
            for index in bounds[slice]..<bounds[slice + 1] {
                let (folder, name) = pending[index]
                let (absolute, relative) = folders[folder]
                let childRelative = relative.isEmpty ? name : relative + "/" + name
                if current.folder != folder {
                    if current.descriptor >= 0 { close(current.descriptor) }
                    current = (folder, open(absolute, O_RDONLY | O_DIRECTORY | O_CLOEXEC))
                }
                var info = stat()
                guard current.descriptor >= 0,
                    fstatat(current.descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0
                else {
                    problems.append(
                        (childRelative, "cannot read: \(String(cString: strerror(errno)))"))
                    continue
                }
                guard info.st_mode & S_IFMT == S_IFREG else {
                    problems.append(
                        (childRelative, "changed while the folder was read; skipped"))
                    continue
                }
                files.append(Self.found(childRelative, info))
            }
            if current.descriptor >= 0 { close(current.descriptor) }
            found.withLock { $0.append((slice, files, problems)) }
        }
        for part in found.withLock({ $0 }).sorted(by: { $0.slice < $1.slice }) {
            files += part.files
            problems += part.problems.map { (path: $0.0, message: $0.1) }
        }
        self.pending = []
    }

    /// The path to open `file` by: the root and the relative path.
    func absolutePath(of file: FoundFile) -> String {
        Self.join(root, file.relativePath)
    }

    private static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    private static func found(_ relative: String, _ info: stat) -> FoundFile {
        FoundFile(
            relativePath: relative, size: Int(info.st_size),
            modified: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }
}
