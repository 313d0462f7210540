public import AuditModel

/// The clause number written in a test; a typo in a test is a bug in the test, so it traps.
public func clause(_ text: String) -> ClauseNumber {
    guard let number = ClauseNumber(text) else {
        preconditionFailure("'\(text)' is not a clause number; fix the test")
    }
    return number
}

/// The date written in a test (`YYYY-MM-DD`); a typo traps.
public func day(_ text: String) -> CalendarDate {
    guard let date = CalendarDate(text) else {
        preconditionFailure("'\(text)' is not a date; fix the test")
    }
    return date
}
