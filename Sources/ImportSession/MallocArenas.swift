#if canImport(Glibc)
    import Glibc
#endif

/// How the C allocator's memory is kept during an import.
///
/// An import reads on some threads and frees what they made on another (the writer); with a
/// malloc arena per thread, the freed memory lingers in each reader's arena and the process's
/// peak grows by a copy of what is in flight. Every import session therefore asks glibc for one
/// arena, before its threads start. The figures are in the README's benchmarks.
enum MallocArenas {
    /// Asks glibc for a single malloc arena; does nothing elsewhere.
    static func useOne() {
        #if canImport(Glibc)
            // `mallopt` is in malloc.h, which Swift's Glibc module leaves out; -8 is
            // M_ARENA_MAX.
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else {
                return
            }
            let mallopt = unsafeBitCast(symbol, to: (@convention(c) (Int32, Int32) -> Int32).self)
            _ = mallopt(-8, 1)
        #endif
    }
}
