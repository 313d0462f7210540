import Foundation

/// A file found by the walk.
struct FoundFile: Sendable {
    /// The path relative to the root, `/`-separated.
    var relativePath: String
    /// The path to open.
    var absolutePath: String
    var size: Int
    /// Modification time, seconds since 1970 with nanoseconds.
    var modified: Double
}

/// Walks a folder with `opendir`/`readdir` (Foundation's enumerators are far slower on Linux),
/// never following a link out of the root, detecting loops, and reporting what it cannot read
/// without stopping.
struct FolderWalker {
    let root: String
    let ignore: IgnoreList
    private(set) var files: [FoundFile] = []
    private(set) var problems: [(path: String, message: String)] = []
    private var visited: Set<String> = []
    private let rootReal: String

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
        files.sort { $0.relativePath < $1.relativePath }
    }

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
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name == "." || name == ".." || name == ".qmsauditignore" { continue }
            entries.append((name, entry.pointee.d_type))
        }
        for (name, type) in entries.sorted(by: { $0.name < $1.name }) {
            let childAbsolute = absolute.hasSuffix("/") ? absolute + name : absolute + "/" + name
            let childRelative = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard fstatat(descriptor, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
                problems.append((childRelative, "cannot read: \(String(cString: strerror(errno)))"))
                continue
            }
            var kind = info.st_mode & S_IFMT
            var fileInfo = info
            if kind == S_IFLNK || type == UInt8(DT_LNK) {
                guard let target = Self.realPath(childAbsolute) else {
                    problems.append((childRelative, "broken link; skipped"))
                    continue
                }
                guard inside(target) else {
                    problems.append((childRelative, "link leads out of the folder; not followed"))
                    continue
                }
                guard fstatat(descriptor, name, &fileInfo, 0) == 0 else { continue }
                kind = fileInfo.st_mode & S_IFMT
            }
            if kind == S_IFDIR {
                if ignore.ignores(childRelative, isFolder: true) { continue }
                walk(absolute: childAbsolute, relative: childRelative)
            } else if kind == S_IFREG {
                if ignore.ignores(childRelative, isFolder: false) { continue }
                let seconds =
                    Double(fileInfo.st_mtim.tv_sec) + Double(fileInfo.st_mtim.tv_nsec) / 1e9
                files.append(
                    FoundFile(
                        relativePath: childRelative, absolutePath: childAbsolute,
                        size: Int(fileInfo.st_size), modified: seconds))
            }
        }
    }
}
