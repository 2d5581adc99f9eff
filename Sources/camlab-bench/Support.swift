#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// A benchmark that cannot run: ArgumentParser prints the message alone (no usage, which was not the problem).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The process's peak resident set, from the kernel's own accounting.
func peakMemoryMegabytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss / 1024
}

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// Median wall seconds of `rounds` runs of `body`.
func timed(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<max(rounds, 1) {
        let start = MonotonicClock.now()
        try body()
        times.append(MonotonicClock.now() - start)
    }
    return median(times)
}

/// The CPU's name as `lscpu` shows it, from /proc/cpuinfo: every figure is quoted beside it.
func cpuModelName() -> String {
    let line = readText("/proc/cpuinfo").split(separator: "\n").first { $0.hasPrefix("model name") }
    guard let value = line?.split(separator: ":", maxSplits: 1).last else { return "unknown" }
    return value.drop { $0 == " " || $0 == "\t" }.description
}

func loadAverage() -> String {
    readText("/proc/loadavg").split(separator: " ").prefix(3).joined(separator: " ")
}

/// A small text file's contents, or "" when it cannot be read (the figures it feeds are informative only).
func readText(_ path: String) -> String {
    guard let file = fopen(path, "r") else { return "" }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = fread(&buffer, 1, buffer.count, file)
        if count <= 0 { break }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
    func rightPadded(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}

/// Prints a line and flushes it, so figures appear as they are measured, also when the output goes to a file.
func say(_ line: String = "") {
    print(line)
    fflush(nil)
}
