public import AuditModel

/// The clause number written in a test; a typo in a test is a bug in the test, so it traps.
public func clause(_ text: String) -> ClauseNumber {
    guard let number = ClauseNumber(text) else {
        preconditionFailure("'\(text)' is not a clause number; fix the test")
    }
    return number
}
