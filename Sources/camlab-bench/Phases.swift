import CamLabCore
import CamLabNN

/// The least wall time `body` took in `rounds` runs after one warm-up: the run least disturbed by other programs.
/// Wall time, not the process's CPU time: Linux adds a running thread's time to its process only at a scheduler
/// tick, and CamLab's helper threads spin between jobs instead of sleeping, so a job of a few hundred µs would
/// count only the calling thread's share.
func leastWallSeconds(rounds: Int, _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = MonotonicClock.now()
        body()
        best = min(best, MonotonicClock.now() - start)
    }
    return best
}

/// Each convolution phase of the reference model on one pass of `images` (the size a training pass has), in wall
/// time per image on all workers, with the rate of the multiply-adds its kernels really do (Winograd does fewer
/// than direct convolution) as a share of the workers' measured `peak`. Least of `rounds` runs per phase.
func printConvolutionPhases(_ model: Model, images x: Tensor, peak: Double, rounds: Int = 15) {
    let count = x.shape[0]
    say("convolution phases, \(count) images a pass on \(Parallel.workers) workers, wall time per image (least of "
          + "\(rounds) runs), rate of the multiply-adds done against the workers' peak of "
          + "\((peak / 1e9).fixed(decimals: 1)) GFLOP/s:")
    var generator = SeededGenerator(seed: 7)
    var input = x
    var total = 0.0
    for (index, layer) in model.layers.enumerated() {
        let result = layer.run([input], training: true)
        defer { input = result.output }
        guard let conv = layer as? Conv2D else { continue }
        let work = conv.multiplyAddsPerImage
        let gradient = Tensor.uniform(result.output.shape, low: -1, high: 1, using: &generator)
        let gradients = Gradients(for: conv.parameters)
        let forward = leastWallSeconds(rounds: rounds) { _ = conv.run([input], training: true) }
        let kernelOnly = leastWallSeconds(rounds: rounds) {
            _ = conv.runBackward(gradient, inputs: [input], result: result, parameterGradients: gradients,
                                 needsInputGradients: false)
        }
        let full = index == 0 ? kernelOnly : leastWallSeconds(rounds: rounds) {
            _ = conv.runBackward(gradient, inputs: [input], result: result, parameterGradients: gradients)
        }
        func line(_ phase: String, _ seconds: Double, _ multiplyAdds: Int) {
            let perImage = seconds / Double(count)
            let rate = 2 * Double(multiplyAdds) / perImage
            say("  \((conv.name + " " + phase).rightPadded(38))"
                  + " \((perImage * 1e6).fixed(decimals: 1).leftPadded(7)) µs"
                  + "  \((rate / 1e9).fixed(decimals: 1).leftPadded(5)) GFLOP/s"
                  + "  \((100 * rate / peak).fixed(decimals: 0).leftPadded(3)) % of peak")
        }
        line("forward", forward, work.forward)
        line("kernel gradient (+ ReLU, bias)", kernelOnly, work.kernelGradient)
        if index > 0 { line("input gradient", full - kernelOnly, work.inputGradient) }
        total += forward + full
    }
    say("  all convolution phases: \((total / Double(count) * 1e6).fixed(decimals: 1)) µs per training image "
          + "(\(conv2DPaths(model)))")
}

private func conv2DPaths(_ model: Model) -> String {
    Set(model.layers.compactMap { ($0 as? Conv2D)?.kernelPath.description }).sorted().joined(separator: "; ")
}
