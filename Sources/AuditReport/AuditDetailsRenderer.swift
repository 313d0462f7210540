public import AuditModel

/// Renders the audit's facts, plan, profile and report facts (`qmsaudit audit show`).
public enum AuditDetailsRenderer {
    /// The details in `format` (table or json), ending with a newline.
    public static func render(
        info: AuditInfo, plan: AuditPlan, profile: OrganisationProfile, facts: AuditReportFacts,
        format: OutputFormat
    ) -> String {
        if format == .json {
            return JSONValue.object([
                ("schema", .string("qmsaudit-audit-details/1")),
                ("organisation", .string(info.organisation)), ("scope", .string(info.scope)),
                ("sites", .strings(info.sites)), ("type", .string(info.type.rawValue)),
                ("auditors", .strings(info.auditors)),
                (
                    "plan",
                    .object([
                        ("objectives", .strings(plan.objectives)),
                        ("criteria", .strings(plan.criteria)),
                        ("start", .optional(plan.start?.description)),
                        ("end", .optional(plan.end?.description)),
                        ("auditees", .strings(plan.auditees)),
                        (
                            "timetable",
                            .array(
                                plan.timetable.map {
                                    .object([
                                        ("date", .string($0.date.description)),
                                        ("time", .string($0.time)),
                                        ("activity", .string($0.activity)),
                                    ])
                                })
                        ),
                    ])
                ),
                ("profile", profileJSON(profile)),
                (
                    "report",
                    .object([
                        ("conclusion", .string(facts.conclusion)),
                        ("distribution", .strings(facts.distribution)),
                        ("acknowledged_by", .string(facts.acknowledgedBy)),
                        ("acknowledged_on", .optional(facts.acknowledgedOn?.description)),
                        ("acknowledgement", .string(facts.acknowledgement)),
                    ])
                ),
            ]).rendered()
        }
        var lines = [
            "\(info.organisation) — \(info.type.rawValue) audit", "scope: \(info.scope)",
            "auditors: \(info.auditors.joined(separator: ", "))", "",
            "Plan" + (plan.isEmpty ? ": none recorded ('qmsaudit audit plan …')" : ""),
        ]
        if !plan.isEmpty {
            if let start = plan.start {
                lines.append("  dates: \(start)" + (plan.end.map { " to \($0)" } ?? ""))
            }
            lines += plan.objectives.map { "  objective: \($0)" }
            lines += plan.criteria.map { "  criterion: \($0)" }
            lines += plan.auditees.map { "  auditee: \($0)" }
            lines += plan.timetable.map { "  \($0.date) \($0.time)  \($0.activity)" }
        }
        lines += ["", "Organisation profile" + (profile.isEmpty ? ": none recorded" : "")]
        lines += profileLines(profile).map { "  " + $0 }
        if !facts.conclusion.isEmpty || !facts.distribution.isEmpty || !facts.acknowledgedBy.isEmpty
        {
            lines += ["", "Report"]
            if !facts.conclusion.isEmpty { lines.append("  conclusion: \(facts.conclusion)") }
            if !facts.distribution.isEmpty {
                lines.append("  distribution: " + facts.distribution.joined(separator: ", "))
            }
            if !facts.acknowledgedBy.isEmpty {
                lines.append(
                    "  acknowledged by \(facts.acknowledgedBy)"
                        + (facts.acknowledgedOn.map { " on \($0)" } ?? "")
                        + (facts.acknowledgement.isEmpty ? "" : ": \(facts.acknowledgement)"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The profile as lines of text, for `audit show` and the Stage 1 pack.
    public static func profileLines(_ profile: OrganisationProfile) -> [String] {
        var lines: [String] = []
        if !profile.legalEntity.isEmpty { lines.append("legal entity: \(profile.legalEntity)") }
        for site in profile.sites {
            var parts: [String] = []
            if !site.address.isEmpty { parts.append(site.address) }
            if let headcount = site.headcount {
                var people = "\(headcount) people"
                let extra = [
                    site.temporary.map { "\($0) temporary" },
                    site.partTime.map { "\($0) part-time" },
                ].compactMap { $0 }
                if !extra.isEmpty { people += " (" + extra.joined(separator: ", ") + ")" }
                parts.append(people)
            }
            if !site.shifts.isEmpty { parts.append(site.shifts) }
            lines.append("site \(site.name): " + parts.joined(separator: "; "))
        }
        if let total = profile.totalHeadcount, profile.sites.count > 1 {
            lines.append("people in all: \(total)")
        }
        if !profile.outsourcedProcesses.isEmpty {
            lines.append("outsourced: " + profile.outsourcedProcesses.joined(separator: "; "))
        }
        if !profile.otherCertifications.isEmpty {
            lines.append(
                "other certifications: " + profile.otherCertifications.joined(separator: "; "))
        }
        if !profile.consultant.isEmpty { lines.append("consultant: \(profile.consultant)") }
        return lines
    }

    /// The profile as JSON.
    public static func profileJSON(_ profile: OrganisationProfile) -> JSONValue {
        func count(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return .object([
            ("legal_entity", .string(profile.legalEntity)),
            (
                "sites",
                .array(
                    profile.sites.map { site in
                        .object([
                            ("name", .string(site.name)), ("address", .string(site.address)),
                            ("headcount", count(site.headcount)),
                            ("temporary", count(site.temporary)),
                            ("part_time", count(site.partTime)), ("shifts", .string(site.shifts)),
                        ])
                    })
            ),
            ("outsourced_processes", .strings(profile.outsourcedProcesses)),
            ("other_certifications", .strings(profile.otherCertifications)),
            ("consultant", .string(profile.consultant)),
        ])
    }
}
