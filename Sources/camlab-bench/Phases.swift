#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabNN

/// Seconds of CPU time this process has used, on all its threads. Time a thread spends waiting for a core that
/// other programs hold is not counted, so a rate per CPU-second holds still on a shared, busy machine where
/// wall-clock rates do not.
func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The least CPU time `body` took in `rounds` runs after one warm-up: the run least disturbed by other programs
/// sharing the caches.
func leastCPUSeconds(rounds: Int, _ body: () -> Void) -> Double {
    body()
    var best = Double.infinity
    for _ in 0..<rounds {
        let start = processCPUSeconds()
        body()
        best = min(best, processCPUSeconds() - start)
    }
    return best
}

/// The peak of one core in CPU time: the FMA loop's floating-point operations per CPU-second, best of 5.
func measureCorePeak(path: KernelPath = .best) -> Double {
    let iterations = 20_000_000
    var flops = 0.0
    let seconds = leastCPUSeconds(rounds: 5) { flops = path.fmaThroughput(iterations: iterations) }
    return flops / seconds
}

/// Each convolution phase of the reference model on one pass of `images` (the size a training pass has), in
/// CPU time per image, with the rate of the multiply-adds its kernels really do (Winograd does fewer than
/// direct convolution) as a share of one core's measured peak. Least of `rounds` runs per phase.
func printConvolutionPhases(_ model: Model, images x: Tensor, rounds: Int = 15) {
    let peak = measureCorePeak()
    let count = x.shape[0]
    say("convolution phases, \(count) images a pass, CPU time per image (least of \(rounds) runs), rate of the "
          + "multiply-adds done against one core's peak of \((peak / 1e9).fixed(decimals: 1)) GFLOP/s:")
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
        let forward = leastCPUSeconds(rounds: rounds) { _ = conv.run([input], training: true) }
        let kernelOnly = leastCPUSeconds(rounds: rounds) {
            _ = conv.runBackward(gradient, inputs: [input], result: result, parameterGradients: gradients,
                                 needsInputGradients: false)
        }
        let full = index == 0 ? kernelOnly : leastCPUSeconds(rounds: rounds) {
            _ = conv.runBackward(gradient, inputs: [input], result: result, parameterGradients: gradients)
        }
        func line(_ phase: String, _ seconds: Double, _ multiplyAdds: Int) {
            let perImage = seconds / Double(count)
            let rate = 2 * Double(multiplyAdds) / perImage
            say("  \((conv.name + " " + phase).rightPadded(30)) \((perImage * 1e6).fixed(decimals: 1).leftPadded(7)) µs"
                  + "  \((rate / 1e9).fixed(decimals: 1).leftPadded(5)) GFLOP/s"
                  + "  \((100 * rate / peak).fixed(decimals: 0).leftPadded(3)) % of peak")
        }
        line("forward", forward, work.forward)
        line("kernel gradient (+ ReLU, bias)", kernelOnly, work.kernelGradient)
        if index > 0 { line("input gradient", full - kernelOnly, work.inputGradient) }
        total += forward + full
    }
    say("  all convolution phases: \((total / Double(count) * 1e6).fixed(decimals: 1)) µs of CPU time per "
          + "training image (\(conv2DPaths(model)))")
}

private func conv2DPaths(_ model: Model) -> String {
    Set(model.layers.compactMap { ($0 as? Conv2D)?.kernelPath.description }).sorted().joined(separator: "; ")
}
