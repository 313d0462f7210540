import AuditModel
import Foundation
import Testing

@testable import AuditCommands

@Suite struct DraftPipeTests {
    /// Records come out in order and whole however the batches fall.
    @Test func passesEveryRecordInOrderBetweenThreads() {
        let pipe = DraftPipe(batchSize: 7, depth: 2)
        let thread = Thread {
            for index in 0..<1000 {
                try? pipe.send(EvidenceDraft(naturalKey: "K\(index)", title: "T"))
            }
            pipe.close()
        }
        thread.start()
        let keys = pipe.joined().map(\.naturalKey)
        #expect(keys == (0..<1000).map { "K\($0)" })
    }

    /// When the writer gives up, the importer's next send fails instead of waiting forever.
    @Test func aWriterThatGivesUpStopsTheReader() {
        let pipe = DraftPipe(batchSize: 4, depth: 1)
        let outcome = Outcome<Int>()
        let thread = Thread {
            var sent = 0
            do {
                for index in 0..<1_000_000 {
                    try pipe.send(EvidenceDraft(naturalKey: "K\(index)", title: "T"))
                    sent += 1
                }
                outcome.finish(.success(sent))
            } catch {
                outcome.finish(.failure(error))
            }
        }
        thread.start()
        var iterator = pipe.makeIterator()
        #expect(iterator.next()?.first?.naturalKey == "K0")
        pipe.cancel()
        #expect(throws: CancellationError.self) { try outcome.wait().get() }
    }
}
