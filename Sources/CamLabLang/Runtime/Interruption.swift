import Synchronization

/// The Ctrl-C flag. A signal handler only sets it; the interpreter checks it at safe points (each loop
/// iteration, each function call, between training batches) and unwinds with "interrupted".
public enum Interruption {
    private static let flag = Atomic<Bool>(false)

    /// Async-signal-safe: a single atomic store.
    public static func request() { flag.store(true, ordering: .relaxed) }
    public static func clear() { flag.store(false, ordering: .relaxed) }
    public static var isRequested: Bool { flag.load(ordering: .relaxed) }

    /// Throws `Interrupted` if Ctrl-C was pressed since the last clear.
    public static func check() throws { if isRequested { throw Interrupted() } }
}

/// Raised at a safe point after Ctrl-C.
public struct Interrupted: Error, Sendable {}
