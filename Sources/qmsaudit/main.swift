import AuditCommands
import Foundation

#if canImport(Glibc)
    import Glibc

    // `import csv` reads a large register on several threads whose records the writing thread
    // frees; with a malloc arena per thread that memory lingered in each (measured: a dry run
    // of 1.7 million rows peaked at 158 MB instead of 139 with one arena, no slower). Other
    // commands keep an arena per thread: a folder re-scan ran 10% slower with one.
    // `mallopt` is in malloc.h, which Swift's Glibc module leaves out; -8 is M_ARENA_MAX.
    if Array(CommandLine.arguments.dropFirst().prefix(2)) == ["import", "csv"],
        let mallopt = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
    {
        let set = unsafeBitCast(mallopt, to: (@convention(c) (Int32, Int32) -> Int32).self)
        _ = set(-8, 1)
    }
#endif

exit(await QMSAuditMain.run(Array(CommandLine.arguments.dropFirst())))
