import Foundation

/// A file's modification time as the audit file records it: ISO 8601 UTC with milliseconds,
/// such as `2026-03-01T09:30:00.123Z`.
///
/// Written by hand: creating a date formatter per file dominated the time of importing a large
/// folder.
public enum FileTimestamp {
    /// `seconds` since 1970 as the audit records a modification time.
    public static func string(_ seconds: Double) -> String {
        String(unsafeUninitializedCapacity: timestampCapacity) { write(seconds, into: $0) }
    }

    /// `string(seconds)` as UTF-8 bytes, valid only inside `body`: no string is made.
    public static func withBytes<Result>(
        _ seconds: Double, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: timestampCapacity) { buffer in
            let count = write(seconds, into: buffer)
            return body(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
    }

    /// Room for any timestamp, even of a year no file system gives.
    private static let timestampCapacity = 40

    /// Writes `string(seconds)` digit by digit into `text`; returns how many bytes.
    private static func write(_ seconds: Double, into text: UnsafeMutableBufferPointer<UInt8>)
        -> Int
    {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        let millis = Int(((seconds - seconds.rounded(.down)) * 1000).rounded(.down))
        let year = Int(parts.tm_year) + 1900
        var at = 0
        guard (0...9999).contains(year) else {
            // Not a date a file system gives.
            for byte in (String(year) + "-01-01T00:00:00.000Z").utf8 {
                text[at] = byte
                at += 1
            }
            return at
        }
        func put(_ value: Int, _ width: Int, then separator: UInt8) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                text[at] = UInt8(ascii: "0") + UInt8(rest / divisor)
                rest %= divisor
                divisor /= 10
                at += 1
            }
            text[at] = separator
            at += 1
        }
        put(year, 4, then: UInt8(ascii: "-"))
        put(Int(parts.tm_mon) + 1, 2, then: UInt8(ascii: "-"))
        put(Int(parts.tm_mday), 2, then: UInt8(ascii: "T"))
        put(Int(parts.tm_hour), 2, then: UInt8(ascii: ":"))
        put(Int(parts.tm_min), 2, then: UInt8(ascii: ":"))
        put(Int(parts.tm_sec), 2, then: UInt8(ascii: "."))
        put(millis, 3, then: UInt8(ascii: "Z"))
        return at
    }

}
