import Dispatch
import Synchronization
import Testing
@testable import CamLabCore

/// `Parallel.forEachChunk` runs its chunks on CamLab's spinning helper threads, or through Dispatch when a job is
/// already running there. Every path must run each chunk exactly once, with its own worker number, and return only
/// when all are done.
@Suite(.timeLimit(.minutes(1))) struct ParallelTests {
    /// Runs `forEachChunk(count)` and returns, for each index, how many times it was visited and by which worker.
    static func visit(_ count: Int, minimumChunk: Int = 1) -> (visits: [Int], workers: [Int]) {
        let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        let workers = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
        visits.initialize(repeating: 0)
        workers.initialize(repeating: -1)
        defer { visits.deallocate(); workers.deallocate() }
        let (v, w) = (SharedPointer(visits.baseAddress!), SharedPointer(workers.baseAddress!))
        Parallel.forEachChunk(count, minimumChunk: minimumChunk) { worker, range in
            for i in range { v[i] += 1; w[i] = worker }
        }
        return (Array(visits), Array(workers))
    }

    /// The chunks are contiguous, in worker order, as even as can be: what per-worker scratch and partial sums
    /// (added in worker order) rely on.
    static func expectedWorkers(_ count: Int, minimumChunk: Int = 1) -> [Int] {
        let chunks = max(1, min(Parallel.workers, count / minimumChunk))
        return (0..<count).map { i in (0..<chunks).first { i < count * ($0 + 1) / chunks }! }
    }

    @Test func everyIndexOnceByItsChunksWorker() {
        for count in [1, 2, 3, 7, 64, 1_001] {
            for minimumChunk in [1, 4, 64] {
                let (visits, workers) = Self.visit(count, minimumChunk: minimumChunk)
                #expect(visits == [Int](repeating: 1, count: count), "count \(count), minimum chunk \(minimumChunk)")
                #expect(workers == Self.expectedWorkers(count, minimumChunk: minimumChunk))
            }
        }
    }

    /// Thousands of jobs back to back (helpers spinning) and some after a pause longer than their spin (helpers
    /// asleep): a lost wake-up would hang here, a job started twice would count twice.
    @Test func manyJobsAndJobsAfterSleep() async throws {
        let total = Atomic<Int>(0)
        for _ in 0..<5_000 {
            Parallel.forEachChunk(Parallel.workers) { _, range in total.add(range.count, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 5_000 * Parallel.workers)
        for _ in 0..<5 {
            try await Task.sleep(for: .milliseconds(3))
            #expect(Self.visit(100).visits == [Int](repeating: 1, count: 100))
        }
    }

    /// A chunk that itself calls forEachChunk (the helpers are busy with the outer job) and several threads calling
    /// at once (one holds the helpers, the others go through Dispatch) all finish, every index once.
    @Test func nestedAndConcurrentCallsFinish() {
        let inner = Atomic<Int>(0)
        Parallel.forEachChunk(4) { _, range in
            for _ in range { Parallel.forEachChunk(10) { _, r in inner.add(r.count, ordering: .relaxed) } }
        }
        #expect(inner.load(ordering: .relaxed) == 40)
        let wrong = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for count in 1...200 where Self.visit(count).visits != [Int](repeating: 1, count: count) {
                wrong.add(1, ordering: .relaxed)
            }
        }
        #expect(wrong.load(ordering: .relaxed) == 0)
    }

    /// Every worker runs the body once, under its own index; inside it, `forEachChunk` runs the whole range on the
    /// calling worker under that index (its scratch stays its own), and a nested `onEachWorker` runs on it alone.
    @Test func onEachWorkerRunsEveryWorkerOnceAndKeepsNestedCallsOnIt() {
        let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: Parallel.workers * 3)
        slots.initialize(repeating: 0)
        defer { slots.deallocate() }
        let counts = SharedPointer(slots.baseAddress!)
        #expect(Parallel.currentWorker == nil)
        Parallel.onEachWorker { worker in
            counts[3 * worker] += Parallel.currentWorker == worker ? 1 : 100
            Parallel.forEachChunk(1_000) { chunkWorker, range in
                counts[3 * worker + 1] += chunkWorker == worker && range == 0..<1_000 ? 1 : 100
            }
            Parallel.onEachWorker { nested in counts[3 * worker + 2] += nested == worker ? 1 : 100 }
        }
        #expect(Array(slots) == [Int](repeating: 1, count: Parallel.workers * 3))
        #expect(Parallel.currentWorker == nil, "the caller's thread is no worker once it returns")
        #expect(Self.visit(1_001).workers == Self.expectedWorkers(1_001), "chunks split across workers again")
    }

    /// The helpers themselves, whatever this machine's cores: three workers run every chunk of thousands of jobs
    /// once, before and after the helpers fall asleep, and a nested job is refused rather than deadlocked.
    @Test func spinningWorkersRunEveryChunkOnceAndRefuseNestedJobs() async throws {
        let workers = try #require(SpinningWorkers(workers: 3))
        // One slot a chunk, each written by its own chunk only: `run` orders the writes before it returns.
        let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: 3)
        slots.initialize(repeating: 0)
        defer { slots.deallocate() }
        let counts = SharedPointer(slots.baseAddress!)
        for round in 0..<2_000 {
            #expect(workers.run(chunks: 1 + round % 3) { counts[$0] += 1 })
        }
        try await Task.sleep(for: .milliseconds(3))
        #expect(workers.run(chunks: 3) { counts[$0] += 1 })
        // Chunk c runs in the rounds with more than c chunks: 2,000, 1,333 and 666 of them, then once more.
        #expect(Array(slots) == [2_001, 1_334, 667])
        let nested = Atomic<Int>(0)
        #expect(workers.run(chunks: 2) { _ in
            if !workers.run(chunks: 1, { _ in }) { nested.add(1, ordering: .relaxed) }
        })
        #expect(nested.load(ordering: .relaxed) == 2)
    }
}
