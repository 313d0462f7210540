public import ArgumentParser
public import AuditModel
public import AuditReport

extension Verdict: ExpressibleByArgument {}

extension AuditType: ExpressibleByArgument {}

extension ScoreRenderer.Grouping: ExpressibleByArgument {}
