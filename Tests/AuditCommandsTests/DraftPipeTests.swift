import AuditModel
import Foundation
import Testing

@testable import AuditCommands

@Suite struct DraftPipeTests {
    /// Records come out in order and whole however the batches fall.
    @Test func passesEveryRecordInOrderBetweenThreads() {
        let pipe = DraftPipe(depth: 2)
        let thread = Thread {
            for start in stride(from: 0, to: 1000, by: 7) {
                let drafts = (start..<min(start + 7, 1000)).map {
                    EvidenceDraft(naturalKey: "K\($0)", title: "T")
                }
                try? pipe.send(DraftBatch(drafts))
            }
            pipe.close()
        }
        thread.start()
        let keys = pipe.flatMap(\.drafts).map(\.naturalKey)
        #expect(keys == (0..<1000).map { "K\($0)" })
    }

    /// When the writer gives up, the importer's next send fails instead of waiting forever.
    @Test func aWriterThatGivesUpStopsTheReader() {
        let pipe = DraftPipe(depth: 1)
        let outcome = Outcome<Int>()
        let thread = Thread {
            var sent = 0
            do {
                for index in 0..<1_000_000 {
                    try pipe.send(DraftBatch([EvidenceDraft(naturalKey: "K\(index)", title: "T")]))
                    sent += 1
                }
                outcome.finish(.success(sent))
            } catch {
                outcome.finish(.failure(error))
            }
        }
        thread.start()
        var iterator = pipe.makeIterator()
        #expect(iterator.next()?.drafts.first?.naturalKey == "K0")
        pipe.cancel()
        #expect(throws: CancellationError.self) { try outcome.wait().get() }
    }
}
