import AuditTestSupport
import Foundation
import Testing

@testable import AuditModel

@Suite struct KeyIndexTests {
    /// Against a plain dictionary, on keys that collide in their low bits, repeat, are empty
    /// or are long: the same duplicates, with the same first lines, through several growths.
    @Test func findsEveryDuplicateWithItsFirstLine() {
        var random = SeededGenerator(state: 42)
        var index = KeyIndex()
        var expected: [String: Int] = [:]
        for line in 1...20_000 {
            let key: String
            switch random.next() % 4 {
            case 0: key = "DOC-\(random.next() % 5000)"
            case 1: key = ""
            case 2: key = String(repeating: "é", count: Int(random.next() % 40)) + "\(line % 7)"
            default: key = "QP-7.5-\(line)"
            }
            let first = index.insert(key, line: line)
            #expect(first == expected[key], "line \(line): '\(key)'")
            if expected[key] == nil { expected[key] = line }
        }
        #expect(index.count == expected.count)
    }
}
