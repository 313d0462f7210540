import AuditModel
import Synchronization
import Testing

@testable import ImportSession

@Suite struct ProgressCounterTests {
    @Test func saysHowManyRecordsWereReadAtMostOncePerInterval() {
        let messages = Mutex<[String]>([])
        var every = ProgressCounter(
            report: { message in messages.withLock { $0.append(message) } }, interval: 0)
        every.add(1_000)
        every.add(249_000)
        #expect(messages.withLock { $0 } == ["… 1,000 records read", "… 250,000 records read"])
        var rarely = ProgressCounter(
            report: { message in messages.withLock { $0.append(message) } }, interval: 3600)
        rarely.add(5)
        #expect(messages.withLock { $0.count } == 2, "not within the hour")
        var silent = ProgressCounter(report: nil, interval: 0)
        silent.add(5)
    }

    @Test func groupsThousandsWhateverTheLocale() {
        #expect(
            [0, 999, 1000, 1_234_567, -2857].map(\.grouped) == [
                "0", "999", "1,000", "1,234,567", "-2,857",
            ])
    }
}
