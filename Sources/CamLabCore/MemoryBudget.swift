#if canImport(Glibc)
import Glibc
#endif

/// The most memory one thing a program builds may take: a tensor, a string, a list, a file read into memory,
/// the output of a decompression. Every such size is checked against the budget *before* allocating, so a
/// mistyped number gets a message at the prompt instead of an abort (Swift traps when an allocation fails, and
/// Linux's OOM killer ends the whole process).
///
/// A request must also fit in the memory the machine has free at that moment (read from /proc/meminfo for
/// requests above 256 MiB), so raising the budget never lets a request kill the session.
///
/// The default is the smallest of 4 GiB, half the machine's memory, the address-space limit less what the
/// process maps at start, and a container's memory limit less what it uses (`MachineMemory`);
/// `CAMLAB_MEMORY_LIMIT` ("8 GiB", "512 MB", bytes) changes it for a process, and a session's `memory_limit(…)`
/// for that session. Large requests are also checked against the address-space and cgroup room left at that
/// moment, which counts every live string, list and tensor the program holds.
public struct MemoryBudget: Sendable, Equatable {
    public let bytes: Int
    /// Where the figure came from, for `memory_limit()`.
    public let source: String

    public init(bytes: Int, source: String = "set by memory_limit") {
        self.bytes = max(bytes, 1)
        self.source = source
    }

    public static func == (a: MemoryBudget, b: MemoryBudget) -> Bool { a.bytes == b.bytes }

    /// The smallest bound that applies at start, and where it comes from.
    public static let defaultCeiling: MachineMemory.Ceiling = {
        let fixed = [MachineMemory.Ceiling(bytes: 4 << 30, source: "CamLab's default of 4 GiB"),
                     MachineMemory.Ceiling(bytes: max(physicalMemory / 2, 256 << 20), source: "half this machine's memory")]
        // What is left of a limit at start, less room for the runtime to work in (at least 64 MiB of budget).
        let room = MachineMemory.roomNow().map {
            MachineMemory.Ceiling(bytes: max(64 << 20, $0.bytes - headroom), source: $0.source)
        }
        return (fixed + room).min { $0.bytes < $1.bytes }!
    }()

    public static var defaultBytes: Int { defaultCeiling.bytes }

    /// Kept free of the budget under an address-space or cgroup limit: the runtime, the output, temporaries.
    static let headroom = 256 << 20

    /// The default, or what `CAMLAB_MEMORY_LIMIT` says when it parses.
    public static let standard: MemoryBudget = {
        if let text = getenv("CAMLAB_MEMORY_LIMIT").map({ String(cString: $0) }), let bytes = parse(text),
           bytes <= physicalMemory {
            return MemoryBudget(bytes: bytes, source: "set by CAMLAB_MEMORY_LIMIT")
        }
        return MemoryBudget(bytes: defaultCeiling.bytes, source: defaultCeiling.source)
    }()

    /// Float32 elements that fit in the budget.
    public var elements: Int { bytes / 4 }

    /// Refuses `bytes` (a Double, so a product of sizes cannot overflow while being checked) when they exceed the
    /// budget or the memory free now. `what` says what would be built: "zeros(1000000, 1000000)".
    public func check(bytes needed: Double, for what: String) throws(Problem) {
        guard needed.isFinite, needed <= Double(bytes) else {
            throw Problem("\(what) would need \(Self.text(needed)); the memory budget is \(Self.text(Double(bytes)))",
                              help: Self.raiseHelp)
        }
        if needed > Double(256 << 20), let free = Self.availableMemory, needed > Double(free) {
            throw Problem("\(what) would need \(Self.text(needed)), but only \(Self.text(Double(free))) of "
                              + "memory is free now", help: "free some memory (drop large variables) or ask for less")
        }
        // Under a limit, what the program already holds counts: the room left now must take the request, with
        // space to spare for the temporaries the runtime makes while building it.
        if needed > Double(16 << 20) {
            for room in MachineMemory.roomNow() where needed + Double(Self.headroom / 4) > Double(room.bytes) {
                throw Problem("\(what) would need \(Self.text(needed)), but only \(Self.text(Double(room.bytes))) "
                                  + "is left under \(room.source)",
                                  help: "drop large variables (assign none to them), or raise the limit")
            }
        }
    }

    /// `check` for `count` float32 elements.
    public func check(elements count: Double, for what: String) throws(Problem) {
        try check(bytes: count * 4, for: what)
    }

    /// Refuses a tensor shape whose float32 elements exceed the budget. Extents of zero count as one here: a
    /// (10^15, 0) tensor holds nothing, but summing it along its empty axis or transposing it would build or walk
    /// 10^15 of something, so such a shape is refused as if it were full.
    public func check(shape: [Int], for what: String) throws(Problem) {
        let product = shape.reduce(1.0) { $0 * Double(max($1, 1)) }
        if shape.contains(0), product * 4 > Double(bytes) {
            throw Problem("\(what): extents this large (\(Self.number(product)) when the zeros are left out) "
                              + "are beyond the memory budget of \(Self.text(Double(bytes))), even for a tensor "
                              + "with no elements", help: Self.raiseHelp)
        }
        try check(elements: product, for: what)
    }

    static let raiseHelp = "memory_limit(\"8 GiB\") raises the budget for this session (CAMLAB_MEMORY_LIMIT for every "
        + "session); this machine has \(text(Double(physicalMemory)))"

    /// "8 GiB", "512 MB", "1.5G", "2e9", "4096": bytes, or nil when the text is not a size.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.filter { $0 != " " && $0 != "_" }.lowercased()
        let digits = trimmed.prefix { $0.isNumber || $0 == "." || $0 == "e" || $0 == "+" }
        guard let value = Double(digits), value.isFinite, value > 0 else { return nil }
        let (kib, mib, gib, tib) = (1024.0, 1048576.0, 1073741824.0, 1099511627776.0)
        let units: [String: Double] = [
            "": 1, "b": 1, "k": kib, "kb": 1e3, "kib": kib, "m": mib, "mb": 1e6, "mib": mib,
            "g": gib, "gb": 1e9, "gib": gib, "t": tib, "tb": 1e12, "tib": tib,
        ]
        guard let unit = units[String(trimmed.dropFirst(digits.count))] else { return nil }
        let total = value * unit
        return total >= 1 && total < 9e18 ? Int(total) : nil
    }

    /// Bytes in binary units, as memory is sold: "512 MiB", "4 GiB", "3.6 TiB".
    public static func text(_ bytes: Double) -> String {
        guard bytes.isFinite else { return "more memory than exists" }
        let units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes, unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        if value >= 1024 { return "more than 1024 EiB" }
        let rounded = value < 10 && unit > 0 ? (value * 10).rounded() / 10 : value.rounded()
        let digits = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return "\(digits) \(units[unit])"
    }

    private static func number(_ value: Double) -> String {
        value <= 9e15 ? String(Int(value)) : "\(value)"
    }

    /// The machine's memory in bytes.
    public static let physicalMemory: Int = {
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        return pages > 0 && size > 0 ? pages * size : 8 << 30
    }()

    /// `MemAvailable` from /proc/meminfo, or nil where it cannot be read.
    public static var availableMemory: Int? {
        guard let file = fopen("/proc/meminfo", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), file) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard text.hasPrefix("MemAvailable:") else { continue }
            let kilobytes = text.dropFirst(13).filter(\.isNumber)
            return Int(kilobytes).map { $0 * 1024 }
        }
        return nil
    }
}

