public import Foundation

/// The time qmsaudit stamps on changes: now, in UTC, to the second.
///
/// Setting `SOURCE_DATE_EPOCH` (seconds since 1970) fixes the time, so demos and tests give
/// the same files every run.
public enum Timestamp {
    /// The current time as ISO 8601 UTC, such as `2026-11-22T09:30:00Z`.
    public static func now() -> String {
        let environment = ProcessInfo.processInfo.environment
        if let fixed = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) {
            return format(Date(timeIntervalSince1970: fixed))
        }
        return format(Date())
    }

    /// `date` as ISO 8601 UTC to the second.
    public static func format(_ date: Date) -> String {
        // By the C library's calendar: a formatter costs more than the change it stamps.
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = String(parts.tm_year + 1900)
        return year.count >= 4 && parts.tm_year + 1900 > 0
            ? "\(year)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):"
                + "\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
            : fallback(date)
    }

    /// Years before 1000 or BC: as Foundation writes them.
    private static func fallback(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
