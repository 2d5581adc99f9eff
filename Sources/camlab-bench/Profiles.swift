import CamLabCore
import CamLabNN

/// The phases of a profiled fit, one line each with seconds per epoch and share of the epoch, then their sum
/// against the fit's wall time measured outside it.
func printPhaseProfile(_ profile: PhaseProfile, model: Model, epochs: Int, wallSeconds: Double) {
    let perEpoch = { (seconds: Double) in seconds / Double(max(epochs, 1)) }
    let total = profile.total
    say("profile of \(epochs) epoch(s) by phase, seconds per epoch (\(profile.batches / max(epochs, 1)) batches each):")
    func line(_ name: String, _ seconds: Double) {
        say("  \(name.rightPadded(26)) \(perEpoch(seconds).fixed(decimals: 3).leftPadded(9)) s "
              + "\((100 * seconds / max(total, 1e-12)).fixed(decimals: 1).leftPadded(6)) %")
    }
    let s = profile.seconds
    line("shuffle", s[.shuffle] ?? 0)
    line("batch gathering", s[.gather] ?? 0)
    line("zeroing gradients", s[.zeroGradients] ?? 0)
    for (index, layer) in model.layers.enumerated() { line("forward \(layer.name)", s[.forward(layer: index)] ?? 0) }
    line("loss", s[.loss] ?? 0)
    for (index, layer) in model.layers.enumerated().reversed() {
        line("backward \(layer.name)", s[.backward(layer: index)] ?? 0)
    }
    line("optimizer (Adam)", s[.optimizer] ?? 0)
    line("metrics", s[.metrics] ?? 0)
    line("validation", s[.validation] ?? 0)
    line("progress output", s[.progress] ?? 0)
    let gap = (wallSeconds - total) / wallSeconds
    say("  sum of phases \(perEpoch(total).fixed(decimals: 3)) s per epoch; fit wall time "
          + "\(perEpoch(wallSeconds).fixed(decimals: 3)) s per epoch; unaccounted \((100 * gap).fixed(decimals: 2)) %")
}

/// Forward and backward time of each layer on one batch (median of 5), to see where a step goes.
func printLayerProfile(_ model: Model, batch: Tensor) throws {
    // The reference model is a chain: each layer reads the one before.
    var value = batch
    var forward: [Double] = [], inputs: [Tensor] = [], results: [LayerOutput] = []
    for layer in model.layers {
        inputs.append(value)
        var times: [Double] = []
        var result = LayerOutput(value)
        for _ in 0..<5 {
            let start = MonotonicClock.now()
            result = layer.run([inputs.last!], training: true)
            times.append(MonotonicClock.now() - start)
        }
        results.append(result)
        value = result.output
        forward.append(median(times))
    }
    var gradient = Tensor(repeating: 0.01, shape: value.shape)
    var backward = [Double](repeating: 0, count: model.layers.count)
    let gradients = Gradients(for: model.trainableParameters)
    for (index, layer) in model.layers.enumerated().reversed() {
        var times: [Double] = [], next = gradient
        for _ in 0..<5 {
            let start = MonotonicClock.now()
            next = layer.runBackward(gradient, inputs: [inputs[index]], result: results[index],
                                     parameterGradients: gradients, needsInputGradients: index > 0)[0] ?? gradient
            times.append(MonotonicClock.now() - start)
        }
        backward[index] = median(times)
        gradient = next
    }
    say("layer            forward ms  backward ms   (batch of \(batch.shape[0]))")
    for (index, layer) in model.layers.enumerated() {
        say("\(layer.name.rightPadded(16)) \((forward[index] * 1000).fixed(decimals: 1).leftPadded(10))  "
              + "\((backward[index] * 1000).fixed(decimals: 1).leftPadded(11))")
    }
    let total = forward.reduce(0, +) + backward.reduce(0, +)
    let perEpoch = total * 60_000 / Double(batch.shape[0])
    say("one training step: \((total * 1000).fixed(decimals: 1)) ms -> \(perEpoch.fixed(decimals: 1)) s "
          + "per 60,000-image epoch before validation")
}

/// Median wall time of one training step (forward, loss, backward, Adam) of the reference model at `batch`
/// images of `size`×`size`, on synthetic data; the first step is a warm-up and not counted.
func stepSeconds(batch: Int, size: Int, steps: Int = 6) throws -> (seconds: Double, flops: Double) {
    let model = try BenchModel.seed.make(seed: 1, inputSize: size)
    model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
    var generator = SeededGenerator(seed: 2)
    let x = Tensor.uniform([batch * (steps + 1), size, size, 1], using: &generator)
    let y = Tensor((0..<(batch * (steps + 1))).map { Float($0 % 10) })
    var marks: [Double] = []
    try model.fit(x: x, y: y, batchSize: batch, epochs: 1, shuffle: false, onEvent: { event in
        if case .batchEnded = event { marks.append(MonotonicClock.now()) }
    })
    let times = zip(marks.dropFirst(), marks).map { $0 - $1 }
    return (median(times), Arithmetic(model).trainingPerImage * Double(batch))
}

/// The scaling lines: step time against batch size at 28×28, and against image size at batch 64.
func printScaling(peak: Double) throws {
    func cell(_ label: String, _ result: (seconds: Double, flops: Double)) -> String {
        "\(label): \((result.seconds * 1000).fixed(decimals: 1)) ms, "
            + "\((result.flops / result.seconds / 1e9).fixed(decimals: 0)) GFLOP/s"
    }
    var cells: [String] = []
    for batch in [32, 64, 128, 256, 512] { cells.append(cell("batch \(batch)", try stepSeconds(batch: batch, size: 28))) }
    say("scaling, one training step at 28x28 by batch size: " + cells.joined(separator: " | "))
    cells = []
    for size in [28, 56, 112] { cells.append(cell("\(size)x\(size)", try stepSeconds(batch: 64, size: size))) }
    say("scaling, one training step at batch 64 by image size: " + cells.joined(separator: " | "))
    say("  (GFLOP/s counted as direct convolution; measured peak \((peak / 1e9).fixed(decimals: 0)) GFLOP/s)")
}
