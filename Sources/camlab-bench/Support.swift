#if canImport(Glibc)
import Glibc
#endif

/// The few options the benchmark takes; anything else is an error, not silently ignored.
struct BenchArguments {
    var epochs = 8
    var trainLimit: Int?
    var seed: UInt64 = 0
    var profileLayers = false

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            if flag == "--profile-layers" { profileLayers = true; continue }
            guard let value = rest.popFirst(), let number = Int(value), number >= 0 else {
                fail("\(flag) needs a non-negative whole number")
            }
            switch flag {
            case "--epochs": epochs = number
            case "--train": trainLimit = number
            case "--seed": seed = UInt64(number)
            default: fail("unknown option \(flag); options are --epochs N, --train N, --seed N, --profile-layers")
            }
        }
    }
}

func fail(_ message: String) -> Never {
    let line = "camlab-bench: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

/// The process's peak resident set, from the kernel's own accounting.
func peakMemoryMegabytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss / 1024
}
