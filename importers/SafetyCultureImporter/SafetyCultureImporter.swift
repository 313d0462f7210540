public import AuditModel
import Foundation
public import ImportKit
import Yams

/// Imports a SafetyCulture (iAuditor) inspection exported as JSON (the API's audit format).
///
/// Each answered question becomes an observation record, with its response, score, failed
/// flag, notes, media, inspector and date, mapped to clauses by the numbers in its label or a
/// profile; failed responses are listed so the auditor can raise findings from them. The
/// inspection's own score is reported beside qmsaudit's, never mixed into it.
public struct SafetyCultureImporter: EvidenceImporter {
    /// `safetyculture`.
    public static let name = "safetyculture"
    /// For `qmsaudit import --help`.
    public static let summary = "a SafetyCulture (iAuditor) inspection exported as JSON"

    /// For `qmsaudit import safetyculture --help`.
    public static let discussion = """
        Each answered question becomes an observation record (its label, response, score out \
        of its maximum, failed or not, notes, media names, the inspector and the date), its \
        clauses from the clause numbers in its label or from --profile, a YAML file mapping \
        question labels or item ids to clauses (clauses: {"Is the roof safe?": "7.1.3"}). \
        Failed responses are listed, to raise findings from. The inspection's own score is \
        recomputed from its items and reported beside qmsaudit's; it never enters it.

        Example:
          qmsaudit import safetyculture inspection.json --profile site-walk.yaml
        """

    /// `--profile`.
    public static let options: [ImportOption] = [
        .value(
            "profile", "file",
            help: "A YAML file with 'clauses:' mapping question labels or item ids to clauses.")
    ]

    /// Creates the importer.
    public init() {}

    /// Reads the inspection.
    ///
    /// - Throws: `ImportError.unreadable` when the file cannot be read, `ImportError.invalid`
    ///   when it is not JSON (with the line and column) or not an inspection.
    public func read(_ request: ImportRequest) throws -> ImportResult {
        let path = request.source
        guard let data = FileManager.default.contents(atPath: request.path) else {
            throw ImportError.unreadable(path: path, reason: "no such file")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ImportError.invalid(
                path: path, diagnostics: [Self.syntaxError(error, data: data, path: path)])
        }
        guard let inspection = object as? [String: Any], inspection["audit_id"] is String,
            let items = inspection["items"] as? [[String: Any]]
        else {
            let found =
                (object as? [String: Any]).map {
                    "an object with " + $0.keys.sorted().prefix(6).joined(separator: ", ")
                } ?? "no object"
            throw ImportError.invalid(
                path: path,
                diagnostics: [
                    .error(
                        "not a SafetyCulture inspection (an object with 'audit_id' and 'items');"
                            + " found \(found)", at: SourceLocation(path: path, line: 1, column: 1))
                ])
        }
        let profile = try request.options.text("profile").map { try Self.profile($0) } ?? [:]
        let checker = ClauseChecker(request.checklist)
        let auditID = inspection["audit_id"] as? String ?? ""
        let auditData = inspection["audit_data"] as? [String: Any] ?? [:]
        let inspector =
            ((auditData["authorship"] as? [String: Any])?["author"] as? String) ?? ""
        let date =
            (auditData["date_completed"] as? String) ?? (auditData["date_started"] as? String)
            ?? ""
        var diagnostics: [Diagnostic] = []
        var drafts: [EvidenceDraft] = []
        var score = 0.0
        var maximum = 0.0
        var failed: [String] = []
        let at = SourceLocation(path: path, line: 1, column: 1)
        for item in items where item["type"] as? String == "question" {
            let label = (item["label"] as? String ?? "").trimmingWhitespace()
            let itemID = item["item_id"] as? String ?? ""
            if let scoring = item["scoring"] as? [String: Any] {
                score += Self.number(scoring["score"])
                maximum += Self.number(scoring["max_score"])
            }
            guard let responses = item["responses"] as? [String: Any],
                let selected = responses["selected"] as? [[String: Any]], !selected.isEmpty
            else { continue }
            let answer = selected.compactMap { $0["label"] as? String }.joined(separator: ", ")
            let isFailed = responses["failed"] as? Bool ?? false
            let notes = (responses["text"] as? String ?? "").trimmingWhitespace()
            let media = (item["media"] as? [[String: Any]] ?? []).compactMap {
                $0["file_name"] as? String ?? $0["media_id"] as? String
            }
            var clauses = profile[itemID] ?? profile[label] ?? []
            var basis = ClauseBasis()
            if clauses.isEmpty {
                clauses = checker.known(
                    ClauseReference.parse(label).map(\.clause).filter { $0.depth > 1 })
                basis = ClauseBasis(
                    clauses.map { .init(clause: $0, reason: "label: number \($0)") })
            } else {
                basis = ClauseBasis(clauses.map { .init(clause: $0, reason: "profile") })
            }
            let scoring = item["scoring"] as? [String: Any]
            var attributes = [
                EvidenceAttribute(name: "Response", value: answer),
                EvidenceAttribute(name: "Failed", value: isFailed ? "yes" : "no"),
            ]
            if let scoring {
                attributes.append(
                    EvidenceAttribute(
                        name: "Score",
                        value: "\(Self.number(scoring["score"]).compactDescription) of"
                            + " \(Self.number(scoring["max_score"]).compactDescription)"))
            }
            if !media.isEmpty {
                attributes.append(
                    EvidenceAttribute(name: "Media", value: media.joined(separator: ", ")))
            }
            attributes.append(EvidenceAttribute(name: "Inspection", value: auditID))
            drafts.append(
                EvidenceDraft(
                    naturalKey: auditID + "/" + itemID, kind: .observation, title: label,
                    documentNumber: itemID, effectiveDate: String(date.prefix(10)),
                    owner: inspector, clauses: clauses, tags: isFailed ? ["failed"] : [],
                    description: notes, attributes: attributes, clauseBasis: basis))
            if isFailed { failed.append("'\(label)' (\(answer))") }
        }
        for response in failed {
            diagnostics.append(
                .warning(
                    "failed response: \(response); raise a finding with 'qmsaudit finding add'",
                    at: at))
        }
        let recorded = Self.number(auditData["score"])
        let recordedMaximum = Self.number(auditData["total_score"])
        let percentage = maximum > 0 ? (score / maximum * 100_000).rounded() / 1_000 : 0
        diagnostics.append(
            Diagnostic(
                .note,
                "the inspection's own score, recomputed from its items: \(score.compactDescription)"
                    + " of \(maximum.compactDescription) (\(percentage.compactDescription)%);"
                    + " reported beside qmsaudit's score, never part of it", at: nil))
        if recorded != score || recordedMaximum != maximum {
            diagnostics.append(
                .warning(
                    "the inspection records a score of \(recorded.compactDescription) of"
                        + " \(recordedMaximum.compactDescription), but its items give"
                        + " \(score.compactDescription) of \(maximum.compactDescription)", at: at))
        }
        return ImportResult(
            sourceName: Self.sourceName(for: request.source), drafts: drafts,
            diagnostics: diagnostics)
    }

    static func number(_ value: Any?) -> Double {
        (value as? NSNumber)?.doubleValue ?? 0
    }

    /// The clauses a profile maps each question label or item id to.
    static func profile(_ path: String) throws -> [String: [ClauseNumber]] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ImportError.unreadable(path: path, reason: "cannot read the profile")
        }
        guard let root = try? Yams.compose(yaml: text), let map = root["clauses"]?.mapping else {
            throw ImportError.invalid(
                path: path,
                diagnostics: [
                    .error(
                        "a SafetyCulture profile is a mapping with 'clauses:' (question label"
                            + " or item id → clause numbers)",
                        at: SourceLocation(path: path, line: 1, column: 1))
                ])
        }
        var result: [String: [ClauseNumber]] = [:]
        var problems: [Diagnostic] = []
        for (key, value) in map {
            let texts = value.sequence?.compactMap(\.string) ?? value.string.map { [$0] } ?? []
            let clauses = texts.flatMap { $0.split(whereSeparator: { " ,;".contains($0) }) }
                .compactMap { ClauseNumber(String($0)) }
            if clauses.isEmpty {
                problems.append(
                    .error(
                        "'\(key.string ?? "")' maps to no clause number",
                        at: SourceLocation(
                            path: path, line: value.mark?.line ?? 1, column: value.mark?.column ?? 1
                        )))
            }
            result[key.string ?? ""] = clauses
        }
        if !problems.isEmpty { throw ImportError.invalid(path: path, diagnostics: problems) }
        return result
    }

    /// Foundation's JSON error ("around character 15") as a line and column.
    static func syntaxError(_ error: any Error, data: Data, path: String) -> Diagnostic {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
        var offset = 0
        if let range = text.range(of: "character ") {
            offset = Int(text[range.upperBound...].prefix { $0.isNumber }) ?? 0
        }
        var line = 1
        var column = 1
        for byte in data.prefix(offset) {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return .error(
            "not valid JSON: \(text.replacingOccurrences(of: " around character \(offset)", with: ""))",
            at: SourceLocation(path: path, line: line, column: column))
    }
}
