/// A day in the proleptic Gregorian calendar, written `YYYY-MM-DD`: due dates, completion
/// dates, verification dates.
///
/// Days are counted from 1970-01-01, so adding days and comparing dates needs no time zone.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// Days since 1970-01-01 (negative before it).
    public let day: Int

    /// Creates the date `day` days after 1970-01-01.
    public init(day: Int) {
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, or the date part of an ISO 8601 timestamp
    /// (`2026-11-22T09:30:00Z`); `nil` for anything else, such as 2026-02-30.
    public init?(_ text: some StringProtocol) {
        let bytes = Array(text.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            text.utf8.count == 10 || text.utf8.dropFirst(10).first == UInt8(ascii: "T")
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = Int(bytes[index]) - 48
                guard (0...9).contains(digit) else { return nil }
                value = value * 10 + digit
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, of: year)
        else { return nil }
        self.day = Self.daysFromCivil(year: year, month: month, day: day)
    }

    /// The date as `YYYY-MM-DD`.
    public var description: String {
        let (year, month, day) = Self.civil(fromDays: day)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        CalendarDate(day: day + days)
    }

    /// The same day `months` later (earlier when negative); a day the month lacks becomes
    /// its last day, so 29 February plus 12 months is 28 February.
    public func adding(months: Int) -> CalendarDate {
        let (year, month, day) = Self.civil(fromDays: self.day)
        let index = year * 12 + (month - 1) + months
        let newYear = index >= 0 ? index / 12 : (index - 11) / 12
        let newMonth = index - newYear * 12 + 1
        let newDay = min(day, Self.days(inMonth: newMonth, of: newYear))
        return CalendarDate(day: Self.daysFromCivil(year: newYear, month: newMonth, day: newDay))
    }

    /// The year, month and day.
    public var parts: (year: Int, month: Int, day: Int) { Self.civil(fromDays: day) }

    /// `2027-Q1`: the calendar quarter the date falls in.
    public var quarter: String {
        let (year, month, _) = parts
        return "\(year)-Q\((month - 1) / 3 + 1)"
    }

    /// Orders dates in time.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        lhs.day < rhs.day
    }

    /// Decodes a date from `YYYY-MM-DD`.
    ///
    /// - Throws: `DecodingError.dataCorrupted` for any other text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a date (YYYY-MM-DD)")
        }
        self = date
    }

    /// Encodes the date as `YYYY-MM-DD`.
    ///
    /// - Throws: `EncodingError` from the underlying encoder.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    private static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil and civil_from_days.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
