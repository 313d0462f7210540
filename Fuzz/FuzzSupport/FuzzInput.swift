import AuditChecklists
import AuditModel
import Foundation

/// What every fuzz target shares: the input written to a file in memory (the readers take
/// paths), and the bundled checklist they read against.
public enum FuzzInput {
    /// A path under /dev/shm for this process, the same for every input.
    public static func path(_ suffix: String) -> String {
        let shared = FileManager.default.fileExists(atPath: "/dev/shm")
        let folder = shared ? "/dev/shm" : NSTemporaryDirectory()
        return folder + "/qmsaudit-fuzz-\(getpid())\(suffix)"
    }

    /// Writes `count` bytes at `start` to `path`.
    public static func write(_ start: UnsafePointer<UInt8>, _ count: Int, to path: String) {
        _ = FileManager.default.createFile(
            atPath: path, contents: Data(bytes: start, count: count))
    }

    /// The bundled ISO 9001:2015 checklist.
    public static let checklist: Checklist = {
        guard let checklist = try? ChecklistCatalog.checklist("iso9001-2015") else {
            fatalError("the bundled checklist does not load")
        }
        return checklist
    }()
}

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

extension FuzzInput {
    /// Runs libFuzzer on `callback`.
    ///
    /// SwiftPM links an executable's entry point as `TARGET_main`, so each target names its
    /// own and hands over to libFuzzer's driver here.
    public static func main(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments, callback)
    }
}
