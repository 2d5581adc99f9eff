import CamLabSystemCalls
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The threads behind `Parallel.forEachChunk`: `workers − 1` helpers that, after a job, spin for a while before they
/// sleep, so that the next job of a training step starts at once. A training step runs a dozen short jobs (each
/// layer's forward and backward); waking a sleeping thread for each, as Dispatch's `concurrentPerform` does, cost
/// tens of µs a job on a 2-core virtual machine (AMD EPYC), and at batch size 32 the walkthrough's dense layer ran
/// faster on one core than on two.
///
/// One job at a time: `run` returns false when a job is already running (a nested call, or another thread's), and
/// the caller then runs its chunks some other way. The caller runs chunk 0 itself; helper h runs chunk h. Meant for
/// no more workers than cores: a helper that waits for a core, or sleeps, holds up every job.
final class SpinningWorkers: @unchecked Sendable {
    /// How long a helper spins for the next job before it sleeps: longer than the serial work between the jobs of
    /// a training step (the loss, the optimizer's step, a batch's gathering), short enough that an idle session
    /// costs nothing.
    static let spinNanoseconds = 300_000

    private let helpers: Int
    /// Bumped (releasing) once a job is published; helpers wait for it to move.
    private let generation = Atomic<Int>(0)
    /// Helpers that have not finished the current job.
    private let unfinished = Atomic<Int>(0)
    private let inUse = Atomic<Bool>(false)
    /// Guards `sleepers`; helpers sleep on `wake`.
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let wake: UnsafeMutablePointer<pthread_cond_t>
    private var sleepers = 0
    /// The current job, set before `generation` moves and cleared after every helper has finished it.
    private var job: ((Int) -> Void)?
    private var chunks = 0

    /// Nil when a helper thread cannot be started (a process limit, an address-space limit): the caller then runs
    /// its jobs through Dispatch, and the helpers already started sleep for good.
    init?(workers: Int) {
        helpers = workers - 1
        mutex = .allocate(capacity: 1)
        wake = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        for helper in 1..<workers {
            let start = Unmanaged.passRetained(HelperStart(pool: self, index: helper))
            var thread = pthread_t()
            let made = pthread_create(&thread, nil, { argument in
                let start = Unmanaged<HelperStart>.fromOpaque(argument!).takeRetainedValue()
                start.pool.serve(as: start.index)
                return nil
            }, start.toOpaque())
            guard made == 0 else {
                start.release()
                return nil
            }
            pthread_detach(thread)
        }
    }

    /// Runs `body(chunk)` for chunk in 0..<chunks (at most the helpers + 1), chunk 0 on the calling thread; returns
    /// when all are done. False, having run nothing, when another job is running.
    func run(chunks: Int, _ body: (Int) -> Void) -> Bool {
        precondition(chunks <= helpers + 1, "\(chunks) chunks for \(helpers + 1) workers")
        guard inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            return false
        }
        withoutActuallyEscaping(body) { body in
            job = body
            self.chunks = chunks
            unfinished.store(helpers, ordering: .relaxed)
            generation.add(1, ordering: .releasing)
            pthread_mutex_lock(mutex)
            if sleepers > 0 { pthread_cond_broadcast(wake) }
            pthread_mutex_unlock(mutex)
            body(0)
            // Pauses, then yields: on a busy machine a helper may need this core to finish.
            var spins = 0
            while unfinished.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins < 4_096 { camlab_spin_pause() } else { sched_yield() }
            }
            job = nil
        }
        inUse.store(false, ordering: .releasing)
        return true
    }

    private func serve(as index: Int) {
        var seen = 0
        while true {
            seen = awaitJob(after: seen)
            if index < chunks { runJob(chunk: index) }
            unfinished.subtract(1, ordering: .releasing)
        }
    }

    /// Its own function, so that the helper's reference to the job is gone before it reports the chunk done: `run`
    /// hands Swift back a closure that nothing else holds (`withoutActuallyEscaping` checks).
    @inline(never)
    private func runJob(chunk: Int) {
        job!(chunk)
    }

    /// Spins, then sleeps, until a job after generation `seen` is published; returns its generation.
    private func awaitJob(after seen: Int) -> Int {
        var now = timespec(), spins = 0
        clock_gettime(CLOCK_MONOTONIC, &now)
        let deadline = Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec) + Self.spinNanoseconds
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            camlab_spin_pause()
            spins += 1
            if spins % 64 == 0 {
                clock_gettime(CLOCK_MONOTONIC, &now)
                if Int(now.tv_sec) * 1_000_000_000 + Int(now.tv_nsec) > deadline { break }
            }
        }
        pthread_mutex_lock(mutex)
        sleepers += 1
        while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(wake, mutex) }
        sleepers -= 1
        pthread_mutex_unlock(mutex)
        return generation.load(ordering: .acquiring)
    }
}

private final class HelperStart {
    let pool: SpinningWorkers
    let index: Int
    init(pool: SpinningWorkers, index: Int) { (self.pool, self.index) = (pool, index) }
}
