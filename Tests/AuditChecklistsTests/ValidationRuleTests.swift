import AuditChecklists
import AuditModel
import AuditTestSupport
import Foundation
import Testing

/// One broken checklist: the marker `1️⃣` shows where the error must point.
struct BrokenChecklist: CustomTestStringConvertible, Sendable {
    var rule: String
    var marked: String
    var message: String

    var testDescription: String { rule }
}

/// A header every base fixture starts from, so each case shows only what it breaks.
private let header = """
    format: 1
    id: broken
    title: Broken
    standard: ISO 9001
    edition: "2015"

    """

private let cases: [BrokenChecklist] = [
    .init(
        rule: "item ids are unique",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                  - id: 1️⃣7-1
                    question: B?
            """,
        message: "duplicate item id '7-1'"),
    .init(
        rule: "clause numbers are unique",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
              - number: 1️⃣"7"
                title: Support again
            """,
        message: "clause '7' is listed twice"),
    .init(
        rule: "clause numbers are well formed",
        marked: header + """
            clauses:
              - number: 1️⃣7.5.a
                title: Documents
            """,
        message: "clause number '7.5.a' is not a clause number"),
    .init(
        rule: "a clause's parent exists",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
              - number: 1️⃣"7.5.3"
                title: Control
            """,
        message: "clause '7.5.3' has no parent clause '7.5'"),
    .init(
        rule: "weights are greater than zero",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                    weight: 1️⃣0
            """,
        message: "'weight' must be greater than zero"),
    .init(
        rule: "a weight is a number (type error)",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                    weight: 1️⃣high
            """,
        message: "expected 'weight' as a number, found 'high'"),
    .init(
        rule: "verdicts in the policy are known ones",
        marked: header + """
            policy:
              points:
                1️⃣partial: 0.5
            clauses:
              - number: "7"
                title: Support
            """,
        message: "unknown verdict 'partial'"),
    .init(
        rule: "n/a carries no points",
        marked: header + """
            policy:
              points:
                1️⃣na: 1
            clauses:
              - number: "7"
                title: Support
            """,
        message: "'na' cannot carry points"),
    .init(
        rule: "conforming earns the most",
        marked: header + """
            policy:
              points:
                ofi: 1️⃣2
            clauses:
              - number: "7"
                title: Support
            """,
        message: "more than 'conforming'"),
    .init(
        rule: "points are not negative",
        marked: header + """
            policy:
              points:
                major: 1️⃣-1
            clauses:
              - number: "7"
                title: Support
            """,
        message: "points for 'major' must be zero or more"),
    .init(
        rule: "gates are known ones",
        marked: header + """
            policy:
              gates: [open-major, 1️⃣coffee]
            clauses:
              - number: "7"
                title: Support
            """,
        message: "unknown readiness gate 'coffee'"),
    .init(
        rule: "extends resolves",
        marked: """
            id: overlay
            title: Overlay
            extends: 1️⃣iso9001-1987
            """,
        message: "'extends' names checklist 'iso9001-1987', which was not found"),
    .init(
        rule: "a checklist cannot extend itself",
        marked: """
            id: loop
            title: Loop
            extends: 1️⃣loop
            """,
        message: "checklists extend each other in a cycle: 'loop' → 'loop'"),
    .init(
        rule: "an overlay cannot redefine a base item",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            clauses:
              - number: "7.2"
                items:
                  - id: 1️⃣7.2-1
                    question: Mine?
            """,
        message: "duplicate item id '7.2-1'"),
    .init(
        rule: "an overlay cannot allow n/a where the base does not",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            tighten:
              - item: 9.2.1-1
                na: 1️⃣true
            """,
        message: "'tighten' may only set 'na: false'"),
    .init(
        rule: "an overlay cannot open a clause to n/a",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            clauses:
              - number: "9.2"
                na: 1️⃣true
            """,
        message: "may not allow N/A on clause '9.2'"),
    .init(
        rule: "an overlay cannot lower a weight",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            tighten:
              - item: 4.3-1
                weight: 1️⃣1
            """,
        message: "may raise the weight of '4.3-1' but not lower it"),
    .init(
        rule: "an overlay cannot raise points",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            policy:
              points:
                major: 1️⃣0.5
            """,
        message: "may lower the points for 'major' but not raise them"),
    .init(
        rule: "an overlay cannot drop a gate",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            policy:
              gates: 1️⃣[open-major]
            """,
        message: "may add readiness gates but not drop them"),
    .init(
        rule: "an overlay cannot retitle a base clause",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            clauses:
              - number: 1️⃣"7.2"
                title: Skills
            """,
        message: "already exists in base checklist 'iso9001-2015' with another title"),
    .init(
        rule: "remove names a base item",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            remove:
              - item: 1️⃣7.2-99
                reason: not ours
            """,
        message: "'remove' names item '7.2-99', which base checklist 'iso9001-2015' does not have"),
    .init(
        rule: "remove gives a reason",
        marked: """
            id: overlay
            title: Overlay
            extends: iso9001-2015
            remove:
              - 1️⃣item: 7.2-1
            """,
        message: "a 'remove' entry is missing 'reason'"),
    .init(
        rule: "tighten and remove need extends",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
            1️⃣remove:
              - item: 7-1
                reason: no
            """,
        message: "'remove' is only meaningful in a checklist that 'extends' another"),
    .init(
        rule: "keys are known ones",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                    1️⃣wieght: 2
            """,
        message: "unknown key 'wieght' in an item"),
    .init(
        rule: "an item has a question",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - 1️⃣id: 7-1
                    guidance: Look around.
            """,
        message: "an item is missing 'question'"),
    .init(
        rule: "item ids are well formed",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 1️⃣"7 1"
                    question: A?
            """,
        message: "item id '7 1' must be letters, digits"),
    .init(
        rule: "the format version is supported",
        marked: """
            format: 1️⃣2
            id: future
            title: Future
            """,
        message: "checklist format 2 is not supported"),
    .init(
        rule: "the YAML is well formed",
        marked: header + """
            clauses:
              - number: "7"
                title: "Support
            1️⃣
            """,
        message: "invalid YAML"),
    .init(
        rule: "a key appears once per mapping",
        marked: header + """
            clauses:
              - number: "7"
                1️⃣title: Support
                title: Support
            """,
        message: "duplicate key 'title'"),
    .init(
        rule: "an untitled clause has a label",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
              - number: 1️⃣"7.1"
                title: ""
            """,
        message: "clause '7.1' has no title; give it a 'label'"),
    .init(
        rule: "stages are 1, 2 or both",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                    stage: 1️⃣3
            """,
        message: "unknown stage '3'; expected one of '1', '2', 'both'"),
    .init(
        rule: "evidence kinds are known ones",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                    evidence:
                      kinds: [document, 1️⃣paper]
            """,
        message: "unknown evidence kind 'paper'"),
    .init(
        rule: "documented information is maintain or retain",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                    documented-information:
                      - 1️⃣keep: the records
            """,
        message: "unknown key 'keep' in a documented-information entry"),
    .init(
        rule: "na is true or false",
        marked: header + """
            clauses:
              - number: "7"
                title: Support
                items:
                  - id: 7-1
                    question: A?
                    na: 1️⃣sometimes
            """,
        message: "expected 'na' as true or false, found 'sometimes'"),
    .init(
        rule: "the finding scale has a major grade",
        marked: header + """
            policy:
              findings:
                1️⃣grades:
                  - id: minor
                    class: minor
            clauses: []
            """,
        message: "the grades need one of class 'major'"),
    .init(
        rule: "grade classes are known ones",
        marked: header + """
            policy:
              findings:
                grades:
                  - id: critical
                    class: 1️⃣blocker
            clauses: []
            """,
        message: "unknown grade class 'blocker'"),
    .init(
        rule: "an overlay may not lengthen a nonconformity's days",
        marked: """
            id: lenient
            title: Lenient
            extends: iso9001-2015
            policy:
              findings:
                grades:
                  1️⃣- id: NCMaj
                    class: major
                    days: 180
                  - id: NCMin
                    class: minor
            """,
        message: "an overlay may shorten but not lengthen the days for a major nonconformity"),
    .init(
        rule: "an overlay may not raise the escalation count",
        marked: """
            id: lenient
            title: Lenient
            extends: iso9001-2015
            policy:
              findings:
                escalate-minors: 1️⃣5
            """,
        message: "an overlay may lower 'escalate-minors' but not raise it (3 in the base)"),
    .init(
        rule: "a base checklist has an edition",
        marked: """
            1️⃣id: noedition
            title: No edition
            standard: ISO 9001
            clauses: []
            """,
        message: "the checklist is missing 'edition'"),
    .init(
        rule: "synonyms are keyed by language code",
        marked: header + """
            clauses:
              - number: "9"
                title: Performance evaluation
                synonyms:
                  1️⃣German: [Bewertung der Leistung]
            """,
        message: "'German' is not a language code"),
    .init(
        rule: "a synonym is not empty",
        marked: header + """
            clauses:
              - number: "9"
                title: Performance evaluation
                synonyms:
                  de: [1️⃣""]
            """,
        message: "a synonym is empty"),
    .init(
        rule: "synonyms are a mapping",
        marked: header + """
            clauses:
              - number: "9"
                title: Performance evaluation
                synonyms: 1️⃣[Leistung]
            """,
        message: "expected 'synonyms' as a mapping of language codes"),
    .init(
        rule: "a mapping names clauses of the checklist it supersedes",
        marked: header + """
            supersedes: iso9001-2015
            clauses:
              - number: "6"
                title: Planning
            mapping:
              - clause: 1️⃣"12.1"
                to: "6"
            """,
        message: "clause '12.1' is not in checklist 'iso9001-2015', which this one supersedes"),
    .init(
        rule: "a mapping's targets are in the new checklist",
        marked: header + """
            supersedes: iso9001-2015
            clauses:
              - number: "6"
                title: Planning
            mapping:
              - clause: "6.3"
                to: ["6", 1️⃣"6.9"]
            """,
        message: "clause '6.9' is not in this checklist"),
    .init(
        rule: "a clause is mapped once",
        marked: header + """
            supersedes: iso9001-2015
            clauses:
              - number: "6"
                title: Planning
            mapping:
              - clause: "6.3"
                to: "6"
              - clause: 1️⃣"6.3"
                to: []
            """,
        message: "clause '6.3' is mapped twice"),
    .init(
        rule: "an item is mapped from the superseded checklist",
        marked: header + """
            supersedes: iso9001-2015
            clauses:
              - number: "6"
                title: Planning
            mapping:
              - item: 1️⃣6.1.9-1
                to: []
            """,
        message: "item '6.1.9-1' is not in checklist 'iso9001-2015'"),
    .init(
        rule: "supersedes names a known checklist",
        marked: header + """
            supersedes: 1️⃣iso9001-1987
            clauses:
              - number: "6"
                title: Planning
            """,
        message: "'supersedes' names checklist 'iso9001-1987', which was not found"),
]

@Suite struct ValidationRuleTests {
    @Test(arguments: cases)
    func reportsTheRuleAtItsPosition(_ broken: BrokenChecklist) throws {
        let folder = TemporaryDirectory()
        let marked = MarkedText(broken.marked)
        let path = folder.write("broken.yaml", marked.text)
        let catalog = try ChecklistCatalog(folder: nil, files: [path])
        let validation = try catalog.validate(path: path)
        #expect(validation.checklist == nil, "the checklist must not be usable")
        let errors = validation.diagnostics.filter { $0.severity == .error }
        let match = errors.first { $0.message.contains(broken.message) }
        let all = errors.map(\.description).joined(separator: "\n")
        let found = try #require(match, "no error containing \"\(broken.message)\"; got:\n\(all)")
        let expected = marked["1️⃣"]
        #expect(found.location?.path == path)
        #expect(
            found.location?.line == expected.line && found.location?.column == expected.column,
            "expected \(expected.line):\(expected.column), got \(found)")
    }

    @Test func reportsEveryProblemInAFileAtOnce() throws {
        let folder = TemporaryDirectory()
        let marked = MarkedText(
            header + """
                clauses:
                  - number: "7"
                    title: Support
                    items:
                      - id: 7-1
                        question: A?
                        weight: 1️⃣high
                        stage: 2️⃣sometime
                      - id: 7-2
                        question: B?
                        3️⃣colour: red
                  - number: 4️⃣"8.1"
                    title: Planning
                """)
        let path = folder.write("many.yaml", marked.text)
        let validation = try ChecklistCatalog(folder: nil, files: [path]).validate(path: path)
        let positions = validation.diagnostics.filter { $0.severity == .error }.compactMap {
            $0.location.map { "\($0.line):\($0.column)" }
        }
        for marker in ["1️⃣", "2️⃣", "3️⃣"] {
            let position = marked[marker]
            #expect(
                positions.contains("\(position.line):\(position.column)"),
                "\(marker) missing in \(positions)")
        }
        // Structural rules run once the file parses: fix the three, and the parent rule fires.
        let fixed = marked.text.replacingOccurrences(of: "weight: high", with: "weight: 2")
            .replacingOccurrences(of: "stage: sometime", with: "stage: 2")
            .replacingOccurrences(of: "\n        colour: red", with: "")
        let fixedPath = folder.write("fixed.yaml", fixed)
        let second = try ChecklistCatalog(folder: nil, files: [fixedPath]).validate(path: fixedPath)
        #expect(
            second.diagnostics.map(\.message).contains { $0.contains("no parent clause '8'") },
            "got \(second.diagnostics.map(\.description))")
    }

    @Test func detectsACycleAcrossFiles() throws {
        let folder = TemporaryDirectory()
        let a = folder.write("a.yaml", "id: a\ntitle: A\nextends: b\n")
        let b = folder.write("b.yaml", "id: b\ntitle: B\nextends: a\n")
        let validation = try ChecklistCatalog(folder: nil, files: [a, b]).validate(path: a)
        let messages = validation.diagnostics.map(\.description)
        #expect(
            messages.contains {
                $0.contains("cycle: 'a' → 'b' → 'a'") && $0.hasPrefix(a + ":3:10")
            },
            "got \(messages)")
    }

    @Test func warnsAboutAStageOneItemInABaseChecklistButNotInAnOverlay() throws {
        let folder = TemporaryDirectory()
        let marked = MarkedText(
            header + """
                clauses:
                  - number: "7"
                    title: Support
                    items:
                      - id: 7-1
                        question: A?
                        stage: 1️⃣1
                      - id: 7-2
                        question: B?
                        stage: both
                """)
        let path = folder.write("base.yaml", marked.text)
        let validation = try ChecklistCatalog(folder: nil, files: [path]).validate(path: path)
        #expect(validation.checklist != nil, "a warning, not an error")
        let warning = try #require(validation.diagnostics.first { $0.severity == .warning })
        #expect(warning.message.contains("item '7-1' is asked at Stage 1 only"))
        let expected = marked["1️⃣"]
        #expect(
            warning.location?.line == expected.line
                && warning.location?.column == expected.column, "\(warning)")
        // An overlay may ask questions of its own at Stage 1 alone.
        let overlay = folder.write(
            "overlay.yaml",
            """
            format: 1
            id: rehearsal
            title: Rehearsal
            extends: broken
            clauses:
              - number: "7"
                items:
                  - id: R-7-1
                    question: C?
                    stage: 1
            """)
        let layered = try ChecklistCatalog(folder: nil, files: [path, overlay])
            .validate(path: overlay)
        #expect(layered.checklist != nil, "\(layered.diagnostics.map(\.description))")
        #expect(
            !layered.diagnostics.contains { $0.message.contains("asked at Stage 1 only") },
            "\(layered.diagnostics.map(\.description))")
    }

    @Test func warnsAboutALeafClauseWithoutItems() throws {
        let folder = TemporaryDirectory()
        let path = folder.write(
            "empty.yaml", header + "clauses:\n  - number: \"7\"\n    title: Support\n")
        let validation = try ChecklistCatalog(folder: nil, files: [path]).validate(path: path)
        #expect(validation.checklist != nil)
        #expect(validation.diagnostics.map(\.severity) == [.warning])
        #expect(validation.diagnostics.first?.location?.line == 7)
    }
}
