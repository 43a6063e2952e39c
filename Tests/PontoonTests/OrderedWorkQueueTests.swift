import Pontoon
import Synchronization
import Testing

@Suite("Portal queue: ordered, re-entrant, independent")
struct OrderedWorkQueueTests {
    @Test func workRunsInEnqueueOrderEvenWhenItemsSuspend() async {
        let queue = OrderedWorkQueue(label: "test")
        let order = Mutex<[Int]>([])
        for index in 0..<200 {
            queue.enqueue {
                if index % 7 == 0 { try? await Task.sleep(for: .milliseconds(1)) }
                order.withLock { $0.append(index) }
            }
        }
        queue.close()
        await queue.drained()
        #expect(order.withLock { $0 } == Array(0..<200))
    }

    @Test func workMayEnqueueOnItsOwnQueueWithoutDeadlock() async throws {
        let queue = OrderedWorkQueue(label: "reentrant")
        let log = Mutex<[String]>([])
        let result = try await queue.perform { () -> String in
            // Like a plugin pushing the echo of a message from inside `send`.
            queue.enqueue { log.withLock { $0.append("echo handled") } }
            log.withLock { $0.append("send finished") }
            return "sent"
        }
        #expect(result == "sent")
        _ = try await queue.perform { }
        #expect(log.withLock { $0 } == ["send finished", "echo handled"])
    }

    @Test func aStalledQueueDoesNotHoldUpAnother() async throws {
        let slow = OrderedWorkQueue(label: "slow")
        let fast = OrderedWorkQueue(label: "fast")
        let gate = AsyncStream.makeStream(of: Void.self)
        slow.enqueue { for await _ in gate.stream { break } }
        let answer = try await fast.perform { 42 }
        #expect(answer == 42)
        gate.continuation.yield()
        slow.close()
        await slow.drained()
    }

    @Test func errorsReachTheCallerAndTheQueueGoesOn() async throws {
        struct Failure: Error {}
        let queue = OrderedWorkQueue(label: "errors")
        await #expect(throws: Failure.self) { try await queue.perform { throw Failure() } }
        #expect(try await queue.perform { "still running" } == "still running")
    }

    @Test func closedQueueRefusesNewWork() async {
        let queue = OrderedWorkQueue(label: "closed")
        queue.close()
        #expect(!queue.enqueue { })
        await #expect(throws: CancellationError.self) { try await queue.perform { 1 } }
    }
}
