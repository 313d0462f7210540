import AuditCommands
import Foundation

#if canImport(Glibc)
    import Glibc

    // One malloc arena for every thread: an import's reading threads make records that the
    // writing thread frees, and with an arena per thread that memory lingered in each
    // (measured: a CSV dry run of 1.7 million rows peaked at 158 MB instead of 139, no
    // slower). `mallopt` is in malloc.h, which Swift's Glibc module leaves out.
    if let mallopt = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {
        let set = unsafeBitCast(mallopt, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = set(-8, 1)  // M_ARENA_MAX
    }
#endif

exit(await QMSAuditMain.run(Array(CommandLine.arguments.dropFirst())))
