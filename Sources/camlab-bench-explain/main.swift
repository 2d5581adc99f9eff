// CamLab's explanation benchmark: every method on the walkthrough's model, one 28×28 image at a time and in
// batches, and Grad-CAM over the 10,000 test images at once. Usage:
//   camlab-bench-explain [--weights PATH] [--train N] [--rounds N] [--methods a,b,…]
// Without --weights it trains the model for one epoch on N training images (default 10,000): the timings
// depend on the architecture, not on how well it was trained.
#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabData
import CamLabExplain
import CamLabNN

let options = BenchOptions(CommandLine.arguments.dropFirst())
say("CamLab \(camLabVersion) explanation benchmark — \(BLAS.summary)")
say("CPU: \(cpuModelName()), load average at start \(loadAverage())")

// The timings below use 200 test images, however few training images --train asks for.
let data = try FashionMNIST.load(limit: options.train.map { max($0, 200) })
let trainCount = min(options.train ?? .max, data.train.images.shape[0])
let xTrain = try data.train.images.slice(0..<trainCount).reshaped([-1, 28, 28, 1]) / 255
let yTrain = try data.train.labels.slice(0..<trainCount)
let xTest = try data.test.images.reshaped([-1, 28, 28, 1]) / 255
let model = try Model(inputShape: [28, 28, 1], layers: [
    Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
    Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
    Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
    Flatten(),
    Dense(units: 10, activation: .softmax),
], seed: 0)
if let weights = options.weights {
    try model.loadWeights(from: weights)
    say("weights: \(weights)")
} else {
    model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
    let start = MonotonicClock.now()
    try model.fit(x: xTrain, y: yTrain, batchSize: 256, epochs: 1)
    say("trained 1 epoch on \(xTrain.shape[0]) images in \((MonotonicClock.now() - start).fixed(decimals: 1)) s")
}

/// Median seconds of `rounds` runs of `body`.
func timed(_ rounds: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<max(rounds, 1) {
        let start = MonotonicClock.now()
        try body()
        times.append(MonotonicClock.now() - start)
    }
    return median(times)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let batch = try xTest.slice(0..<64)
let methods = ExplanationMethod.all.filter { method in
    method.applies(to: model) && (options.methods.map { $0.contains(method.name) } ?? true)
}
// Rounds go over every method in turn, so that a busy spell of a shared machine slows all methods alike; one
// warm-up round first.
var single = [[Double]](repeating: [], count: methods.count)
var batched = [[Double]](repeating: [], count: methods.count)
for round in -1..<options.rounds {
    for (m, method) in methods.enumerated() {
        let image = try xTest.slice((round + 1)..<(round + 2))
        let one = try timed(1) { _ = try method.explain(model: model, batch: image) }
        let many = try timed(1) { _ = try method.explain(model: model, batch: batch) } / 64
        if round >= 0 {
            single[m].append(one)
            batched[m].append(many)
        }
    }
}
say("")
say("method                 one image (ms)   per image in a batch of 64 (ms)   (medians of \(options.rounds) rounds)")
for (m, method) in methods.enumerated() {
    say(method.name.rightPadded(22) + (median(single[m]) * 1000).fixed(decimals: 3).leftPadded(15)
        + (median(batched[m]) * 1000).fixed(decimals: 3).leftPadded(36))
}

say("")
var explainSeconds: [Double] = []
for index in 0..<200 {
    let image = try xTest.row(index)
    explainSeconds.append(try timed(1) { _ = try explainAsImage(model: model, x: image) })
}
say("eli5's explain + format_as_image, one 28x28 image (median of 200): "
    + "\((median(explainSeconds) * 1000).fixed(decimals: 3)) ms")
let all = try timed(3) { _ = try ExplanationMethod.gradcam.explain(model: model, batch: xTest) }
say("Grad-CAM of all \(xTest.shape[0]) test images as one batch (median of 3): \(all.fixed(decimals: 3)) s")
let predictAll = try timed(3) { _ = try model.predict(xTest) }
say("for scale, predict of the same \(xTest.shape[0]) images (median of 3): \(predictAll.fixed(decimals: 3)) s")
say("load average at end \(loadAverage())")

struct BenchOptions {
    var weights: String?
    var train: Int? = 10_000
    var rounds = 11
    var methods: [String]?

    init(_ arguments: ArraySlice<String>) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
            switch flag {
            case "--weights": weights = value
            case "--train": train = positive(value, flag)
            case "--rounds": rounds = positive(value, flag)
            case "--methods": methods = value.split(separator: ",").map(String.init)
            default: fail("unknown option \(flag); options are --weights PATH, --train N, --rounds N, --methods a,b")
            }
        }
    }
}

func positive(_ value: String, _ flag: String) -> Int {
    guard let number = Int(value), number > 0 else { fail("\(flag) needs a positive whole number") }
    return number
}

func fail(_ message: String) -> Never {
    let line = "camlab-bench-explain: \(message)\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

/// The CPU's name as `lscpu` shows it, from /proc/cpuinfo.
func cpuModelName() -> String {
    let text = (try? readText("/proc/cpuinfo")) ?? ""
    let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
    return line.map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters() } ?? "unknown"
}

func loadAverage() -> String {
    ((try? readText("/proc/loadavg")) ?? "").split(separator: " ").prefix(3).joined(separator: " ")
}

func readText(_ path: String) throws -> String {
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
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while s.first == " " || s.first == "\t" { s = s.dropFirst() }
        while s.last == " " || s.last == "\t" { s = s.dropLast() }
        return String(s)
    }
}

/// Prints a line and flushes it, so figures appear as they are measured.
func say(_ line: String = "") {
    print(line)
    fflush(nil)
}
