#if canImport(Glibc)
import Glibc
#endif

/// Seconds from a fixed but arbitrary origin, for measuring durations.
public enum MonotonicClock {
    public static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}
