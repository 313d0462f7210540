import AuditModel
import Foundation
import ImportTransport
import Synchronization
import Testing

@Suite struct BoundedChannelTests {
    /// Records come out in order and whole however the batches fall.
    @Test func passesEveryRecordInOrderBetweenThreads() {
        let channel = BoundedChannel<DraftBatch>(capacity: 2)
        let thread = Thread {
            for start in stride(from: 0, to: 1000, by: 7) {
                let drafts = (start..<min(start + 7, 1000)).map {
                    EvidenceDraft(naturalKey: "K\($0)", title: "T")
                }
                try? channel.send(DraftBatch(drafts))
            }
            channel.finish()
        }
        thread.start()
        let keys = channel.flatMap(\.drafts).map(\.naturalKey)
        #expect(keys == (0..<1000).map { "K\($0)" })
    }

    /// When the taker gives up, the producer's next send fails instead of waiting forever.
    @Test func aTakerThatGivesUpStopsTheProducer() throws {
        let channel = BoundedChannel<DraftBatch>(capacity: 1)
        let outcome = BoundedChannel<Result<Int, any Error>>.result {
            var sent = 0
            for index in 0..<1_000_000 {
                try channel.send(DraftBatch([EvidenceDraft(naturalKey: "K\(index)", title: "T")]))
                sent += 1
            }
            return sent
        }
        var iterator = channel.makeIterator()
        #expect(iterator.next()?.drafts.first?.naturalKey == "K0")
        channel.cancel()
        let delivered = try #require(outcome.receive())
        #expect(throws: CancellationError.self) { try delivered.get() }
        #expect(channel.receive() == nil, "a cancelled channel delivers nothing more")
    }

    /// A producer waits while `capacity` values wait to be taken, then goes on.
    @Test func aFullChannelHoldsItsProducer() throws {
        let channel = BoundedChannel<Int>(capacity: 3)
        let sent = Mutex(0)
        let producer = BoundedChannel<Result<Int, any Error>>.result {
            for value in 0..<10 {
                try channel.send(value)
                sent.withLock { $0 += 1 }
            }
            channel.finish()
            return 10
        }
        // Give the producer time to fill the channel; it stops at three.
        for _ in 0..<50 where sent.withLock({ $0 }) < 3 { usleep(2_000) }
        usleep(20_000)
        #expect(sent.withLock { $0 } == 3)
        #expect(Array(channel) == Array(0..<10))
        #expect(try producer.receive()?.get() == 10)
    }

    /// Values sent before `finish` are still delivered, then `nil`.
    @Test func finishingDrainsWhatIsWaiting() {
        let channel = BoundedChannel<String>(capacity: 4)
        try? channel.send("a")
        try? channel.send("b")
        channel.finish()
        #expect(channel.receive() == "a")
        #expect(channel.receive() == "b")
        #expect(channel.receive() == nil)
        #expect(channel.receive() == nil)
    }

    /// A value taken is released at once, even while the producer keeps the channel from ever
    /// running empty: batches of a register must not pile up behind the writer.
    @Test func aTakenValueIsReleasedAtOnce() throws {
        final class Box: Sendable {}
        let channel = BoundedChannel<Box>(capacity: 2)
        weak var first: Box?
        do {
            let box = Box()
            first = box
            try channel.send(box)
        }
        try channel.send(Box())
        _ = channel.receive()
        try channel.send(Box())
        #expect(first == nil)
    }
}
