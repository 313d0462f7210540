/// An error qmsaudit expects and can explain to the user.
///
/// Bad input, a missing file, a refused action: the command line prints its description plainly and exits with status 2.
///
/// Anything thrown that does not conform is treated as a bug and reported as an internal error.
public protocol QMSAuditError: Error, Sendable, CustomStringConvertible {
    /// The exit status: 2 (bad input, a refusal) unless the error says otherwise.
    var exitStatus: Int32 { get }
}

extension QMSAuditError {
    /// Bad input and refusals exit with 2.
    public var exitStatus: Int32 { 2 }
}
