import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A request to stop, checked at safe points (each loop iteration, each function call, between training
/// batches, while waiting for a file). A signal handler only sets it; the code that polls it unwinds with
/// `Interrupted`, as lua.c does.
///
/// Each session owns one, so parallel tests never see each other's requests. The command line gives its
/// sessions `ctrlC`, the flag the SIGINT handler sets; a fuzzer gives its sessions a deadline instead.
public final class InterruptionFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    /// Monotonic seconds after which the flag reads as set (nil: never by itself).
    private let deadline: Double?

    public init() { deadline = nil }

    /// A flag that also reads as set once `seconds` have passed from now: a bound on a run's time.
    public init(expiringAfter seconds: Double) { deadline = MonotonicClock.now() + seconds }

    /// The flag Ctrl-C sets. Touch it before installing a handler, so the handler never initialises it.
    public static let ctrlC = InterruptionFlag()

    /// Async-signal-safe: a single atomic store.
    public func request() { flag.store(true, ordering: .relaxed) }
    public func clear() { flag.store(false, ordering: .relaxed) }
    public var isRequested: Bool {
        if flag.load(ordering: .relaxed) { return true }
        guard let deadline else { return false }
        return MonotonicClock.now() >= deadline
    }

    /// Throws `Interrupted` if a stop was requested since the last clear.
    public func check() throws(Interrupted) { if isRequested { throw Interrupted() } }
}

/// Raised at a safe point after Ctrl-C (or when a flag's deadline passed).
public struct Interrupted: Error, Sendable, CustomStringConvertible {
    public init() {}
    public var description: String { "interrupted" }
}
