import AuditModel

/// The pack's `index.html`: one self-contained page (no script, no external request, a
/// Content-Security-Policy that forbids both) with everything a Stage 1 reviewer reads first.
struct PackIndexPage {
    let pack: StageOnePack
    let gaps: GapAnalysis
    let card: ScoreCard
    /// The first `StageOnePack.pageEvidenceLimit` rows of the evidence register,
    /// `StageOnePack.evidenceHeader` columns.
    let evidenceRows: [[String]]
    /// How many records the register holds.
    let evidenceCount: Int
    /// Titles of the evidence the page names, by id.
    let titles: [String: String]

    /// How many records of an internal audit or management review are listed.
    static let activityLimit = 50

    private let h = HTML.escape

    func render() -> String {
        let info = pack.info
        var body: [String] = [
            "<header>",
            "<h1>Stage 1 evidence pack: \(h(info.organisation))</h1>",
            "<table class=\"facts\">",
            row("Organisation", h(info.organisation)),
            row("Scope", HTML.paragraph(info.scope)),
            row("Sites", h(info.sites.joined(separator: "; "))),
            row(
                "Audit",
                h(
                    (["\(info.type.rawValue) audit"] + [info.auditors.joined(separator: ", ")])
                        .filter { !$0.isEmpty }.joined(separator: ", "))),
            row(
                "Checklist",
                "\(h(info.checklistID)) revision \(h(info.checklistRevision)), SHA-256"
                    + " <code>\(h(info.checklistSHA256))</code>"),
            row("Audit state", "as last changed at \(h(pack.lastChange))"),
            pack.audience.includesScoring
                ? ""
                : row(
                    "Written for",
                    "the certification body: the organisation's own conformity figures and"
                        + " readiness verdict are left out"),
            row("Judged on", h(pack.asOf.description)),
            row(
                "Journal",
                "\(pack.journal.count.counted("event")), last hash"
                    + " <code>\(h(pack.journal.last?.hash ?? JournalEvent.genesis))</code>"),
            "</table>",
            "<nav><ol>",
        ]
        let scoring = pack.audience.includesScoring
        var sections = [("organisation", "The organisation")]
        if scoring {
            sections += [("readiness", "Readiness"), ("conformity", "Conformity per clause")]
        }
        sections += [
            ("na", "Requirements not applicable"),
            ("not-arisen", "Conditions that have not arisen"),
            ("documented-information", "Mandatory documented information"),
            ("activities", "Internal audit and management review"),
            ("findings", "Nonconformities and corrective actions"),
        ]
        if scoring { sections.append(("gaps", "Open gaps")) }
        sections.append(("evidence", "Evidence register"))
        body += sections.map { "<li><a href=\"#\($0.0)\">\(h($0.1))</a></li>" }
        body += ["</ol></nav>", "</header>"]
        body += organisation()
        if scoring { body += readiness() + conformity() }
        body += notApplicable() + notArisen() + documentedInformation()
        body += activities() + findings()
        if scoring { body += openGaps() }
        body += evidence()
        body += [
            "<footer><p>Made by qmsaudit \(h(pack.toolVersion)). Every file of this pack is listed"
                + " with its size and SHA-256 in <code>manifest.json</code>; check it with"
                + " <code>qmsaudit pack verify</code> or <code>sha256sum -c SHA256SUMS</code>.</p>"
                + "</footer>"
        ]
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Stage 1 evidence pack: \(h(info.organisation))</title>
            <style>\(NCReport.style)\(Self.style)</style>
            </head>
            <body>
            \(body.joined(separator: "\n"))
            </body>
            </html>

            """
    }

    /// Cells may break anywhere, so no table is wider than the page; a hash breaks where it
    /// must, in a smaller monospace face.
    private static let style = """
        code{font-size:.85em;word-break:break-all}.verdict{font-size:1.3em;font-weight:700}\
        .passed,.present{color:#186a1e}.failed,.missing{color:#a00;font-weight:600}\
        .not-evaluated,.na{color:#666}nav ol{columns:2}svg text{font:12px system-ui,sans-serif}\
        td.num{text-align:right}table.grid td,table.grid th{overflow-wrap:anywhere;hyphens:auto}\
        td.hash{font:.75em/1.3 ui-monospace,monospace;word-break:break-all;min-width:8em}\
        svg{max-width:100%;height:auto}.legend{font-size:.9em;color:#333}\
        .swatch{display:inline-block;width:1.6em;vertical-align:middle;margin:0 .3em}\
        .swatch.bar{height:.8em;background:linear-gradient(90deg,#2e7d32 33%,#f9a825 33% 66%,\
        #c62828 66%)}.swatch.line{height:3px;background:#555}\
        @page{size:A4;margin:14mm}@media print{nav{display:none}table.grid{font-size:8pt}\
        section{break-inside:auto}}
        """

    private func row(_ label: String, _ value: String) -> String {
        "<tr><th>\(h(label))</th><td>\(value)</td></tr>"
    }

    /// A table; `hashColumn` is set in the small monospace face that breaks anywhere.
    private func grid(
        _ header: [String], _ rows: [[String]], classes: [String]? = nil, hashColumn: Int? = nil
    ) -> [String] {
        guard !rows.isEmpty else { return ["<p>None.</p>"] }
        var lines = [
            "<table class=\"grid\"><thead><tr>" + header.map { "<th>\(h($0))</th>" }.joined()
                + "</tr></thead><tbody>"
        ]
        for (index, cells) in rows.enumerated() {
            let rowClass = classes.map { " class=\"\(h($0[index]))\"" } ?? ""
            lines.append(
                "<tr\(rowClass)>"
                    + cells.enumerated().map { column, cell in
                        column == hashColumn
                            ? "<td class=\"hash\">\(h(cell))</td>" : "<td>\(h(cell))</td>"
                    }.joined() + "</tr>")
        }
        lines.append("</tbody></table>")
        return lines
    }

    // MARK: - Sections

    private func readiness() -> [String] {
        let verdict = card.readiness.verdict
        var lines = [
            "<section id=\"readiness\"><h2>Readiness</h2>",
            "<p class=\"verdict \(verdict == .ready ? "passed" : verdict == .notReady ? "failed" : "not-evaluated")\">"
                + "\(h(verdict.rawValue))</p>",
            "<table class=\"grid\"><thead><tr><th>Gate</th><th>Status</th><th>Detail</th></tr>"
                + "</thead><tbody>",
        ]
        for (gate, status) in card.readiness.gates {
            let (label, detail): (String, [String]) =
                switch status {
                case .passed(let why): ("passed", [why])
                case .failed(let why): ("failed", why)
                case .notEvaluated(let why): ("not-evaluated", [why])
                }
            lines.append(
                "<tr><td>\(h(gate.rawValue))</td><td class=\"\(label)\">"
                    + "\(h(label == "not-evaluated" ? "not evaluated" : label))</td><td>"
                    + detail.map(h).joined(separator: "<br>") + "</td></tr>")
        }
        lines.append("</tbody></table>")
        if !card.readiness.reasons.isEmpty {
            lines.append("<h3>Why</h3><ul>")
            lines += card.readiness.reasons.map { "<li>\(h($0))</li>" }
            lines.append("</ul>")
        }
        lines.append("</section>")
        return lines
    }

    private func conformity() -> [String] {
        var lines = [
            "<section id=\"conformity\"><h2>Conformity per clause</h2>", chart(),
            "<p class=\"legend\"><span class=\"swatch bar\"></span>bar: conformity (green 90 %"
                + " or more, amber 75 % or more, red below) <span class=\"swatch line\"></span>"
                + "line beneath: coverage, the share of items answered</p>",
        ]
        let figures = card.sections + [card.overall]
        lines += grid(
            [
                "Clause", "Title", "Conformity", "Coverage", "Items", "Scored", "N/A",
                "Not arisen", "Ungraded", "Unanswered",
            ],
            figures.map { figure in
                [
                    figure.clause?.description ?? "", figure.heading,
                    ScoreRenderer.percent(figure.conformity),
                    ScoreRenderer.percent(figure.coverage),
                    String(figure.items), String(figure.scored), String(figure.notApplicable),
                    String(figure.notArisen), String(figure.ungraded), String(figure.unanswered),
                ]
            })
        lines.append(
            "<p>Conformity counts answered, applicable items only; coverage is the share of"
                + " items answered. Every clause's figures are in"
                + " <code>registers/conformity.csv</code>.</p></section>")
        return lines
    }

    /// A horizontal bar per section: conformity as the bar, coverage as a thin line beneath.
    private func chart() -> String {
        let figures = card.sections
        let rowHeight = 30
        let height = figures.count * rowHeight + 10
        var parts = [
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"680\""
                + " height=\"\(height)\" viewBox=\"0 0 680 \(height)\">",
            "<title>Conformity (bar) and coverage (line) per section</title>",
        ]
        for (index, figure) in figures.enumerated() {
            let top = index * rowHeight + 5
            let conformity = figure.conformity ?? 0
            let label = "\(figure.clause?.description ?? "") \(figure.heading)"
            let width = Int((conformity * 360).rounded())
            let cover = Int((figure.coverage * 360).rounded())
            let colour = conformity >= 0.9 ? "#2e7d32" : conformity >= 0.75 ? "#f9a825" : "#c62828"
            parts.append(
                "<text x=\"0\" y=\"\(top + 14)\">\(h(String(label.prefix(34))))</text>"
                    + "<rect x=\"250\" y=\"\(top)\" width=\"360\" height=\"18\" fill=\"#eee\"/>"
                    + "<rect x=\"250\" y=\"\(top)\" width=\"\(width)\" height=\"18\""
                    + " fill=\"\(colour)\"/>"
                    + "<rect x=\"250\" y=\"\(top + 21)\" width=\"\(cover)\" height=\"3\""
                    + " fill=\"#555\"/>"
                    + "<text x=\"618\" y=\"\(top + 14)\">"
                    + "\(ScoreRenderer.percent(figure.conformity))</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }

    private func notApplicable() -> [String] {
        let rows = pack.naRegister()
        return [
            "<section id=\"na\"><h2>Requirements not applicable</h2>",
            "<p>Each item the organisation answered not applicable, with its justification."
                + " Non-applicability must not affect the ability to provide conforming products"
                + " and services.</p>",
        ]
            + grid(
                ["Item", "Clause", "Question", "Justification", "Answered by"],
                rows.map { [$0[0], $0[1], $0[2], $0[3], "\($0[4]), \($0[5])"] })
            + ["</section>"]
    }

    private func organisation() -> [String] {
        let profile = pack.profile
        var lines = ["<section id=\"organisation\"><h2>The organisation</h2>"]
        if profile.isEmpty {
            lines.append(
                "<p>No profile recorded (<code>qmsaudit audit profile</code>): legal entity,"
                    + " sites with addresses and headcounts, shifts, outsourced processes.</p>")
        } else {
            lines.append("<table class=\"facts\">")
            if !profile.legalEntity.isEmpty {
                lines.append(row("Legal entity", h(profile.legalEntity)))
            }
            lines.append(row("Scope", HTML.paragraph(pack.info.scope)))
            if let total = profile.totalHeadcount {
                lines.append(row("People", "\(total), temporary and part-time included"))
            }
            lines.append(
                row(
                    "Outsourced processes",
                    h(
                        profile.outsourcedProcesses.isEmpty
                            ? "none recorded" : profile.outsourcedProcesses.joined(separator: "; "))
                ))
            if !profile.otherCertifications.isEmpty {
                lines.append(
                    row(
                        "Other certifications",
                        h(profile.otherCertifications.joined(separator: "; "))))
            }
            if !profile.consultant.isEmpty {
                lines.append(row("Consultant", h(profile.consultant)))
            }
            lines.append("</table>")
            if !profile.sites.isEmpty {
                lines += grid(
                    ["Site", "Address", "People", "Temporary", "Part-time", "Shifts"],
                    profile.sites.map { site in
                        [
                            site.name, site.address, site.headcount.map(String.init) ?? "",
                            site.temporary.map(String.init) ?? "",
                            site.partTime.map(String.init) ?? "", site.shifts,
                        ]
                    })
            }
        }
        if !pack.plan.isEmpty {
            let plan = pack.plan
            let days = [plan.start, plan.end].compactMap { $0?.description }.joined(
                separator: " to ")
            lines.append(
                "<p>Internal audit"
                    + (days.isEmpty ? "" : " on \(h(days))")
                    + (plan.objectives.isEmpty
                        ? "" : ": " + h(plan.objectives.joined(separator: "; "))) + "</p>")
        }
        lines.append("</section>")
        return lines
    }

    private func notArisen() -> [String] {
        let rows = pack.notArisenRegister()
        var lines = ["<section id=\"not-arisen\"><h2>Conditions that have not arisen</h2>"]
        if rows.isEmpty {
            lines.append("<p>None: every conditional requirement was judged as it stands.</p>")
        } else {
            lines.append(
                "<p>These requirements apply, but the situation that calls for them has not"
                    + " occurred; they are not exclusions.</p>")
            lines += grid(
                ["Item", "Clause", "Condition", "What was checked"],
                rows.map { [$0[0], $0[1], $0[3], $0[4]] })
        }
        lines.append("</section>")
        return lines
    }

    private func documentedInformation() -> [String] {
        let entries = gaps.documentedInformation
        return ["<section id=\"documented-information\"><h2>Mandatory documented information</h2>"]
            + grid(
                [
                    "Clause", "Item", "Kind", "Required", "Status", "Evidence or justification",
                    "Why it counts",
                ],
                entries.map { entry in
                    [
                        entry.clause.description, entry.itemID, entry.information.kind.rawValue,
                        entry.information.what
                            + (entry.information.condition.map { " (\($0))" } ?? ""),
                        entry.presence.rawValue,
                        entry.presence == .notApplicable || entry.presence == .notArisen
                            ? entry.justification
                            : entry.evidenceIDs.map { "\($0) \(titles[$0] ?? "")" }.joined(
                                separator: "; ")
                                + (entry.evidenceIDs.unnamed > 0
                                    ? "; … (\(entry.evidenceIDs.unnamed) more)" : ""),
                        entry.basis,
                    ]
                },
                classes: entries.map {
                    $0.presence == .notApplicable || $0.presence == .notArisen
                        ? "na" : $0.presence.passes ? "present" : "missing"
                }
            )
            + ["</section>"]
    }

    private func activities() -> [String] {
        var lines = ["<section id=\"activities\"><h2>Internal audit and management review</h2>"]
        for activity in [gaps.internalAudit, gaps.managementReview] {
            lines.append(
                "<p class=\"\(activity.isEvidenced ? "passed" : "failed")\">"
                    + "\(h(GapRenderer.activityLine(activity)))</p>")
            let ids = Array(activity.recordIDs) + Array(activity.documentIDs)
            if !ids.isEmpty {
                lines.append("<ul>")
                lines += ids.prefix(Self.activityLimit).map {
                    "<li>\(h($0)) \(h(titles[$0] ?? ""))"
                        + (activity.recordIDs.contains($0) ? " (record)" : " (document)") + "</li>"
                }
                lines.append("</ul>")
            }
        }
        lines.append("</section>")
        return lines
    }

    private func findings() -> [String] {
        let register = pack.register
        let report = NCReport(
            info: pack.info, register: register, policy: pack.checklist.policy.findings,
            today: pack.asOf, generatedAt: pack.lastChange, evidenceTitles: [:])
        var lines = [
            "<section id=\"findings\"><h2>Nonconformities and corrective actions</h2><ul>"
        ]
        lines += report.summaryLines.map { "<li>\(h($0))</li>" }
        lines.append("</ul>")
        lines += grid(
            [
                "ID", "Grade", "Clause", "Statement", "Status", "Corrective action", "Due",
                "Days open", "Effectiveness",
            ],
            register.findings.map { finding in
                let action = register.actions[finding.id]
                let raised = CalendarDate(finding.raisedAt.prefix(10))
                let closed = action?.state == .closed ? action?.closedAt ?? "" : ""
                let end = CalendarDate(closed.prefix(10)) ?? pack.asOf
                return [
                    finding.id, finding.grade, finding.clause.description, finding.statement,
                    register.status(of: finding).rawValue, action?.state.rawValue ?? "",
                    action?.due.description ?? "",
                    raised.map { String(max(0, end.day - $0.day)) } ?? "",
                    action?.latestVerification.map { "\($0.result.rawValue), \($0.date)" } ?? "",
                ]
            })
        lines.append(
            "<p>Every finding with its full corrective-action record:"
                + " <code>registers/nc-report.html</code>.</p></section>")
        return lines
    }

    private func openGaps() -> [String] {
        var lines = ["<section id=\"gaps\"><h2>Open gaps</h2><ul>"]
        lines += GapRenderer.summary(gaps).map { "<li>\(h($0))</li>" }
        lines.append("</ul>")
        if !gaps.clausesWithoutEvidence.isEmpty {
            lines.append("<h3>Clauses without evidence</h3>")
            lines += grid(
                ["Clause", "Title"],
                gaps.clausesWithoutEvidence.map { [$0.clause.description, $0.heading] })
        }
        if !gaps.evidenceIssues.isEmpty {
            lines.append("<h3>Evidence problems</h3>")
            lines += grid(
                ["Evidence", "Problem", "Title", "Detail"],
                gaps.evidenceIssues.map {
                    [$0.evidenceID, $0.problem.rawValue, $0.title, $0.detail]
                })
            if let more = GapRenderer.moreProblems(gaps) { lines.append("<p>\(h(more))</p>") }
        }
        if !gaps.unanswered.isEmpty {
            // Per clause, not per question: a half-finished audit would fill pages.
            lines.append("<h3>Items not answered</h3>")
            var byClause: [(ClauseNumber, [String])] = []
            for item in gaps.unanswered {
                if byClause.last?.0 == item.clause {
                    byClause[byClause.count - 1].1.append(item.itemID)
                } else {
                    byClause.append((item.clause, [item.itemID]))
                }
            }
            let headings = Dictionary(
                pack.checklist.clauses.map { ($0.number, $0.heading) },
                uniquingKeysWith: { first, _ in first })
            lines += grid(
                ["Clause", "Title", "Not answered", "Items"],
                byClause.map { clause, items in
                    [
                        clause.description, headings[clause] ?? "", String(items.count),
                        items.joined(separator: ", "),
                    ]
                })
            lines.append(
                "<p>Each question is listed in <code>registers/gaps.csv</code> (check"
                    + " <code>unanswered</code>).</p>")
        }
        lines.append("</section>")
        return lines
    }

    private func evidence() -> [String] {
        let limit = StageOnePack.pageEvidenceLimit
        var lines = [
            "<section id=\"evidence\"><h2>Evidence register</h2>",
            "<p>\(evidenceCount.counted("record")). Hashes are SHA-256 of the file as"
                + " imported; a copy, when included, is under <code>evidence/</code>."
                + (evidenceCount > limit
                    ? " The first \(limit) are shown; <code>registers/evidence.csv</code> holds all."
                    : "") + "</p>",
        ]
        lines += grid(
            ["ID", "Kind", "Number", "Title", "Rev", "Clauses", "State", "Location", "SHA-256"],
            evidenceRows.prefix(limit).map {
                [
                    $0[0], $0[1], $0[2], $0[3], $0[4], $0[5], $0[14],
                    $0[15].isEmpty ? $0[10] : $0[15], $0[13],
                ]
            }, hashColumn: 8)
        lines.append("</section>")
        return lines
    }
}
