#if canImport(Glibc)
import Glibc
#endif

/// The memory this process can really use, which can be far less than the machine has: an address-space limit
/// (`ulimit -v`, RLIMIT_AS) counts every mapping, including what the runtime, the BLAS threads and the program's
/// own strings and lists already hold; a container's cgroup limit counts the memory its processes use. An
/// allocation beyond either makes Swift trap, so the memory budget is checked against both, as they are now.
public enum MachineMemory {
    /// One bound on memory, and where it comes from (shown by `memory_limit()`).
    public struct Ceiling: Sendable, Equatable {
        public let bytes: Int
        public let source: String
    }

    /// The bounds that apply right now: the address-space room and the cgroup room, when limited.
    public static func roomNow() -> [Ceiling] {
        var ceilings: [Ceiling] = []
        if let room = addressSpaceRoom() {
            ceilings.append(Ceiling(bytes: room, source: "the address-space limit (ulimit -v) less what CamLab maps"))
        }
        if let room = cgroupRoom() {
            ceilings.append(Ceiling(bytes: room, source: "the container's memory limit (cgroup) less what it uses"))
        }
        return ceilings
    }

    /// RLIMIT_AS less the bytes this process maps now (VmSize, from /proc/self/statm); nil when unlimited.
    public static func addressSpaceRoom() -> Int? {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_AS.rawValue), &limit) == 0,
              limit.rlim_cur < rlim_t(Int.max), let mapped = mappedBytes() else { return nil }
        return max(0, Int(limit.rlim_cur) - mapped)
    }

    /// The bytes this process maps: the first field of /proc/self/statm, in pages.
    public static func mappedBytes() -> Int? {
        guard let text = firstLine(of: "/proc/self/statm"), let pages = Int(text.prefix { $0 != " " }) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The cgroup's memory limit less its usage: v2 `memory.max` and `memory.current`, or v1
    /// `memory.limit_in_bytes` and `memory.usage_in_bytes`. Nil when there is no limit (v1 writes a huge number).
    public static func cgroupRoom() -> Int? {
        let candidates = [("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                          ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes")]
        for (limitFile, usageFile) in candidates {
            guard let limitText = firstLine(of: limitFile) else { continue }
            guard let limit = Int(limitText), limit < 1 << 60 else { return nil }  // "max", or v1's "unlimited"
            let usage = firstLine(of: usageFile).flatMap { Int($0) } ?? 0
            return max(0, limit - usage)
        }
        return nil
    }

    private static func firstLine(of path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text.filter { $0 != "\n" }
    }
}
