import AuditModel
import Testing

@Suite struct ClauseNumberTests {
    @Test(arguments: ["4", "7.5.3", "10.2.2", "7.1.5.2", "8.5.1.1"])
    func parsesCanonicalNumbers(text: String) throws {
        let number = try #require(ClauseNumber(text))
        #expect(number.description == text)
    }

    @Test(arguments: [
        "", "7.", ".7", "7..5", "07.5", "7.05", "7.5a", "-7", "+7", "7 .5", "§7.5", "0",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(ClauseNumber(text) == nil, "'\(text)' must not parse")
    }

    @Test func ordersComponentByComponent() throws {
        let numbers = try ["10", "7.10", "7.9", "9.3.3", "7.5.3.1", "7.5.3", "4"].map {
            try #require(ClauseNumber($0))
        }
        #expect(
            numbers.sorted().map(\.description) == [
                "4", "7.5.3", "7.5.3.1", "7.9", "7.10", "9.3.3", "10",
            ])
    }

    @Test func knowsItsFamily() throws {
        let number = try #require(ClauseNumber("7.5.3.2"))
        #expect(number.parent?.description == "7.5.3")
        #expect(number.section.description == "7")
        #expect(number.depth == 4)
        let parent = try #require(ClauseNumber("7.5"))
        #expect(parent.isAncestor(of: number))
        #expect(!number.isAncestor(of: parent))
        #expect(!parent.isAncestor(of: parent))
        #expect(parent.contains(parent))
        #expect(ClauseNumber("7.50").map { parent.isAncestor(of: $0) } == false)
        #expect(ClauseNumber("10")?.parent == nil)
    }
}
