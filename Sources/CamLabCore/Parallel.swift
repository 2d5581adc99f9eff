import CamLabSystemCalls
import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// Splits `0..<count` into one contiguous chunk per worker and runs them concurrently. CamLab parallelises
/// over images itself and keeps OpenBLAS single-threaded: the matrices of a small CNN are too thin for
/// BLAS-level threading to pay, while whole images split evenly across cores.
public enum Parallel {
    /// Worker count: the machine's cores, overridable with CAMLAB_THREADS (1 gives a serial run for profiling).
    public static let workers: Int = {
        if let text = getenv("CAMLAB_THREADS").map({ String(cString: $0) }), let n = Int(text), n > 0 { return n }
        return cores
    }()

    private static let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    /// The helper threads, started at the first parallel call. None for a single worker, and none for more workers
    /// than cores (CAMLAB_THREADS above the count), whose jobs Dispatch shares out better: at 4 workers on 2 cores,
    /// an epoch on 10,000 pictures took 1.34 s through Dispatch and 1.73 s with helpers waiting for a core.
    private static let spinningWorkers = 1 < workers && workers <= cores ? SpinningWorkers(workers: workers) : nil

    /// Calls `body(worker, range)` for each non-empty chunk, concurrently; returns when all are done. Inside
    /// `onEachWorker`, the calling worker runs the whole range as one chunk, under its own index.
    public static func forEachChunk(_ count: Int, minimumChunk: Int = 1,
                                    _ body: @Sendable (_ worker: Int, _ range: Range<Int>) -> Void) {
        if let worker = currentWorker {
            if count > 0 { body(worker, 0..<count) }
            return
        }
        let chunks = max(1, min(workers, count / max(minimumChunk, 1)))
        if chunks == 1 {
            if count > 0 { body(0, 0..<count) }
            return
        }
        @Sendable func runChunk(_ chunk: Int) {
            let lower = count * chunk / chunks, upper = count * (chunk + 1) / chunks
            if lower < upper { body(chunk, lower..<upper) }
        }
        // A nested call, or one while another thread's job runs, goes through Dispatch.
        if spinningWorkers?.run(chunks: chunks, runChunk) != true {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: runChunk)
        }
    }
}

extension Parallel {
    /// Runs `body(worker)` on every worker at once and returns when all are done. Inside it, `forEachChunk` runs
    /// on the calling worker alone, as one chunk under that worker's index, so scratch kept per worker stays
    /// private to it. For work that splits into independent pieces more cheaply than each of its steps does: a
    /// worker takes a few examples through every layer of a model without waiting for the other at each layer.
    /// Nested in another worker's body, it runs `body` on that worker alone.
    public static func onEachWorker(_ body: @Sendable (_ worker: Int) -> Void) {
        if let worker = currentWorker { return body(worker) }
        forEachChunk(workers) { worker, _ in
            camlab_set_current_worker(Int32(worker))
            defer { camlab_set_current_worker(-1) }
            body(worker)
        }
    }

    /// The worker of `onEachWorker` this thread is running as, if any.
    public static var currentWorker: Int? {
        let worker = Int(camlab_current_worker())
        return worker < 0 ? nil : worker
    }

    /// `body(i)` for every i in `0..<count`, computed concurrently in one chunk per worker, in order.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let shared = SharedPointer(results.baseAddress ?? UnsafeMutablePointer<T?>.allocate(capacity: 0))
        forEachChunk(count) { _, range in for i in range { shared[i] = body(i) } }
        return results.map { $0! }
    }
}

/// A raw pointer that may cross into concurrent chunks. Each chunk must touch a disjoint part of the buffer:
/// that discipline, not the type system, is what makes it safe.
public struct SharedPointer<Element>: @unchecked Sendable {
    public let base: UnsafeMutablePointer<Element>
    public init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
    public subscript(index: Int) -> Element {
        get { base[index] }
        nonmutating set { base[index] = newValue }
    }
}
