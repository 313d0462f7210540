import AuditChecklists
import AuditModel
import Foundation

/// What every fuzz target shares: the libFuzzer driver, the input written to a file, and the
/// bundled checklist the readers read against.
public enum FuzzInput {
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

/// What the one libFuzzer callback runs; set once, before the driver starts.
// libFuzzer calls back on the thread that started it, one input at a time.
nonisolated(unsafe) private var body: (UnsafeBufferPointer<UInt8>) -> Void = { _ in }

extension FuzzInput {
    /// Runs libFuzzer, handing `test` each input.
    ///
    /// SwiftPM links an executable's entry point as `TARGET_main`, so each target names its
    /// own and hands over to libFuzzer's driver here.
    public static func run(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ test: @escaping (UnsafeBufferPointer<UInt8>) -> Void
    ) -> CInt {
        body = test
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments) { start, count in
            body(UnsafeBufferPointer(start: start, count: start == nil ? 0 : count))
            return 0
        }
    }

    /// Runs libFuzzer, writing each input to a file named with `suffix` (the readers take
    /// paths; /dev/shm keeps it in memory) and handing `test` its path.
    public static func run(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        file suffix: String, _ test: @escaping (String) -> Void
    ) -> CInt {
        let shared = FileManager.default.fileExists(atPath: "/dev/shm")
        let path = (shared ? "/dev/shm" : NSTemporaryDirectory()) + "/qmsaudit-fuzz-\(getpid())"
        return run(argc, argv) { bytes in
            _ = FileManager.default.createFile(atPath: path + suffix, contents: Data(bytes))
            test(path + suffix)
        }
    }
}
