public import ArgumentParser
public import AuditModel
public import AuditReport
public import AuditStore

extension OutputFormat: ExpressibleByArgument {}

extension WorkingPaper.Format: ExpressibleByArgument {}

extension ProgrammeAuditType: ExpressibleByArgument {}

extension PlannedAuditStatus: ExpressibleByArgument {}

extension ReviewInputDocument.Format: ExpressibleByArgument {}

extension Stage: ExpressibleByArgument {}

extension ClauseNumber: ExpressibleByArgument {
    /// Reads a clause number such as `7.5.3` from the command line.
    public init?(argument: String) {
        self.init(argument)
    }
}

extension FindingStatus: ExpressibleByArgument {}

extension ActionState: ExpressibleByArgument {}
extension RootCauseMethod: ExpressibleByArgument {}
extension Effectiveness: ExpressibleByArgument {}
extension NonconformitySource: ExpressibleByArgument {}

extension CalendarDate: ExpressibleByArgument {
    /// Reads `YYYY-MM-DD` or `today`.
    public init?(argument: String) {
        if argument == "today" {
            self = .today
        } else {
            self.init(argument)
        }
    }

    /// Today in UTC (fixed by `SOURCE_DATE_EPOCH` when set).
    static var today: CalendarDate { CalendarDate(Timestamp.now()) ?? CalendarDate(day: 0) }
}

extension NCReport.Format: ExpressibleByArgument {}
extension AuditReportDocument.Format: ExpressibleByArgument {}
extension StageOnePack.Audience: ExpressibleByArgument {}
