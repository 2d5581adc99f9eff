import CamLabCore
import CamLabNN

/// Multiply-adds a model does per image, counted the way direct convolution does them (2 FLOP each). Winograd
/// does fewer; rates quoted against this count are "effective" rates, comparable across algorithms and machines.
struct Arithmetic {
    var forwardPerImage: Double = 0
    var trainingPerImage: Double = 0

    init(_ model: Model) {
        for (index, layer) in model.layers.enumerated() {
            let flops: Double
            switch layer {
            case let conv as Conv2D:
                let pixels = conv.outputShape[0] * conv.outputShape[1]
                let taps = conv.window.size.0 * conv.window.size.1
                flops = 2 * Double(pixels * taps * conv.kernel.value.shape[2] * conv.filters)
            case let dense as Dense:
                flops = 2 * Double(dense.kernel.value.count)
            default:
                flops = 0
            }
            forwardPerImage += flops
            // Backward: the kernel gradient always, the input gradient for every layer but the first.
            trainingPerImage += flops * (index == 0 ? 2 : 3)
        }
    }

    /// FLOP of one epoch: training on `train` images and one forward pass over `validation` images.
    func epoch(train: Int, validation: Int) -> Double {
        trainingPerImage * Double(train) + forwardPerImage * Double(validation)
    }
}

/// The machine's peak single-precision rate, measured with a loop of independent FMAs on the widest vectors the
/// kernels use: one core alone, then every worker at once (best of 3 each, so a busy moment does not count).
func measurePeak(path: KernelPath = .best) -> (oneCore: Double, allWorkers: Double) {
    let iterations = 20_000_000
    let flopsPerCore = path.fmaThroughput(iterations: iterations)  // also warms the cores up
    func rate(workers: Int) -> Double {
        var best = 0.0
        for _ in 0..<3 {
            let start = MonotonicClock.now()
            Parallel.forEachChunk(workers) { _, _ in _ = path.fmaThroughput(iterations: iterations) }
            best = max(best, Double(workers) * flopsPerCore / (MonotonicClock.now() - start))
        }
        return best
    }
    return (rate(workers: 1), rate(workers: Parallel.workers))
}
