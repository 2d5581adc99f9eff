#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// The few options the benchmark takes; anything else is an error, not silently ignored.
struct BenchArguments {
    var epochs = 8
    var trainLimit: Int?
    var seed: UInt64 = 0
    var batchSize = 256
    var profileLayers = false
    var phases = false
    var profilePhases = false
    var scaling = false
    var model = BenchModel.seed

    static let usage = "options are --model seed|cifar, --epochs N, --train N, --seed N, --batch-size N, --profile, "
        + "--scaling, --profile-layers, --phases"

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--model":
                guard let name = rest.popFirst(), let chosen = BenchModel(rawValue: name) else {
                    fail("--model needs seed or cifar")
                }
                model = chosen
                continue
            case "--profile-layers": profileLayers = true; continue
            case "--phases": phases = true; continue
            case "--profile": profilePhases = true; continue
            case "--scaling": scaling = true; continue
            default: break
            }
            guard let value = rest.popFirst(), let number = Int(value), number >= 0 else {
                fail("\(flag) needs a non-negative whole number")
            }
            switch flag {
            case "--epochs": epochs = number
            case "--train": trainLimit = number
            case "--seed": seed = UInt64(number)
            case "--batch-size":
                guard number > 0 else { fail("--batch-size needs a positive whole number") }
                batchSize = number
            default: fail("unknown option \(flag); \(Self.usage)")
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

func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
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
