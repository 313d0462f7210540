import AuditStore
import Foundation
import Testing

/// Stamps are written without a date formatter: they must read exactly as one writes them.
@Suite struct TimestampTests {
    @Test func stampsReadAsFoundationWritesThem() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        let samples: [TimeInterval] =
            [0, -1, 59.999, 951_782_400, 4_102_444_799, -62_135_596_800, 253_402_300_799]
            + (0..<2000).map { _ in
                Double(Int64.random(in: -5_000_000_000...8_000_000_000, using: &generator)) + 0.5
            }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamp.format(date) == formatter.string(from: date), "\(seconds)")
        }
    }
}
