public import ArgumentParser
public import AuditModel
public import AuditReport

extension OutputFormat: ExpressibleByArgument {}

extension Stage: ExpressibleByArgument {}

extension ClauseNumber: ExpressibleByArgument {
    /// Reads a clause number such as `7.5.3` from the command line.
    public init?(argument: String) {
        self.init(argument)
    }
}
