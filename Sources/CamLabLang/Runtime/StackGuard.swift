#if canImport(Glibc)
import Glibc
#endif

/// Keeps evaluation from overflowing the thread's stack. The parser bounds the nesting of one expression and
/// the interpreter the depth of calls, but their product (a recursive function whose body is deeply nested)
/// can still exhaust the stack, which would kill the whole session. Evaluation checks how much stack is left
/// instead, so the limit holds whatever the thread's stack size and the build's frame sizes.
struct StackGuard {
    /// Evaluation stops when the stack pointer gets below this address (the stack grows downwards).
    let lowestAddress: UInt

    /// A guard for the calling thread, measured from the caller's frame: threads get RLIMIT_STACK bytes of
    /// stack (glibc's default for new threads too; 8 MiB when unlimited), of which 1 MiB stays in reserve for
    /// builtins and error reporting, and a little more for what the caller has used already.
    static func forCurrentThread() -> StackGuard {
        var size = 8 << 20
        #if canImport(Glibc)
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_STACK.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(Int.max) {
            size = Int(clamping: limit.rlim_cur)
        }
        #endif
        let budget = UInt(max(size - (1 << 20) - (size / 8), 256 << 10))
        let here = currentAddress()
        return StackGuard(lowestAddress: here > budget ? here - budget : 0)
    }

    @inline(never)
    private static func currentAddress() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// True when the current frame is too close to the end of the stack to go deeper.
    @inline(never)
    func isExhausted() -> Bool {
        Self.currentAddress() < lowestAddress
    }
}
