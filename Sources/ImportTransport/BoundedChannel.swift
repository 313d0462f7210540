import Foundation

/// Values handed from threads that produce them to a thread that takes them, in order, with at
/// most `capacity` waiting: a producer that runs ahead waits, so memory stays flat whichever
/// side is faster.
///
/// The one queue between threads of an import: records from an importer to the audit file,
/// stretches of a register from the threads that read them, an importer's result to the
/// writer. Either side can end it: the producers `finish()` (the taker then drains what is
/// left and gets `nil`), or the taker `cancel()`s (the producers' next `send` throws and
/// nothing more is taken).
public final class BoundedChannel<Element: Sendable>: Sequence, @unchecked Sendable {
    // Every stored property is read and written only with `condition` locked.
    private let condition = NSCondition()
    /// A ring of `capacity` slots: `count` values from `head` on, each slot emptied when its
    /// value is taken (so a taken value is freed at once, not when the ring turns).
    private var slots: [Element?]
    private var head = 0
    private var count = 0
    private var finished = false
    private var cancelled = false
    /// How many values may wait to be taken.
    public let capacity: Int

    /// A channel holding up to `capacity` values (at least one).
    public init(capacity: Int) {
        self.capacity = Swift.max(1, capacity)
        slots = Array(repeating: nil, count: self.capacity)
    }

    /// Hands `element` over; waits while `capacity` values are waiting.
    ///
    /// - Throws: `CancellationError` once the taker has cancelled (the value is dropped).
    public func send(_ element: consuming Element) throws {
        condition.lock()
        defer { condition.unlock() }
        while count == capacity && !cancelled { condition.wait() }
        if cancelled { throw CancellationError() }
        slots[(head + count) % capacity] = element
        count += 1
        condition.broadcast()
    }

    /// No more values will be sent; the taker gets those waiting, then `nil`.
    public func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The taker gives up: waiting values are dropped, every `send` throws from now on, and
    /// `receive` returns `nil`.
    public func cancel() {
        condition.lock()
        cancelled = true
        for index in slots.indices { slots[index] = nil }
        count = 0
        condition.broadcast()
        condition.unlock()
    }

    /// The next value, waiting for it; `nil` once the channel is finished and empty, or
    /// cancelled.
    public func receive() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !finished && !cancelled { condition.wait() }
        guard !cancelled, count > 0, let element = slots[head].take() else { return nil }
        head = (head + 1) % capacity
        count -= 1
        condition.broadcast()
        return element
    }

    /// The values as they arrive (the taker's side).
    public func makeIterator() -> Iterator {
        Iterator(channel: self)
    }

    /// Waits for each value in turn.
    public struct Iterator: IteratorProtocol {
        let channel: BoundedChannel

        /// The next value, or `nil` at the end.
        public mutating func next() -> Element? {
            channel.receive()
        }
    }
}

extension BoundedChannel {
    /// Runs `body` on a thread of its own (with a stack of `stackSize` bytes) and returns a
    /// channel that delivers its result once: how one thread hands another a single outcome.
    public static func result<Value: Sendable>(
        stackSize: Int = 8 << 20, of body: @escaping @Sendable () throws -> Value
    ) -> BoundedChannel<Result<Value, any Error>> where Element == Result<Value, any Error> {
        let channel = BoundedChannel<Result<Value, any Error>>(capacity: 1)
        let thread = Thread {
            try? channel.send(Result { try body() })
            channel.finish()
        }
        thread.stackSize = stackSize
        thread.start()
        return channel
    }
}
