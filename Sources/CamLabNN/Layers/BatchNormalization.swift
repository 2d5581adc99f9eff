import CamLabCore

/// Batch normalization (Ioffe and Szegedy 2015) over the last (channel) axis, like Keras' `BatchNormalization`:
/// y = gamma · (x − mean) / √(variance + epsilon) + beta per channel.
///
/// In training mode (`training` and `trainable`) mean and variance are the batch's, over every axis but the
/// channel one (the biased variance), and the call returns state updates moving the statistics:
/// moving = momentum · moving + (1 − momentum) · batch statistic. As Keras 2.15's fused kernel (which it uses for
/// 4-D batches) does, the moving variance moves towards the unbiased batch variance, n / (n − 1) times the biased
/// one, n the values per channel; for other ranks Keras takes its unfused path, which moves it towards the biased
/// one, and so does this layer. Otherwise (inference, or a frozen layer, as Keras freezes BN) the moving
/// statistics normalise.
public final class BatchNormalization: LeavesInputGradientAsRecipe, InferenceChannelAffine, ReadsInputChannelSums {
    public var name = ""
    public var trainable = true
    public let axis: Int
    public let momentum: Float
    public let epsilon: Float
    public let center: Bool
    public let scale: Bool
    public var typeName: String { "BatchNormalization" }
    public var namePrefix: String { "batch_normalization" }
    public private(set) var outputShape: [Int] = []
    public private(set) var gamma = Parameter(name: "gamma", value: Tensor.zeros([0]))
    public private(set) var beta = Parameter(name: "beta", value: Tensor.zeros([0]))
    public private(set) var movingMean = Parameter(name: "moving_mean", value: Tensor.zeros([0]), isTrainable: false)
    public private(set) var movingVariance = Parameter(name: "moving_variance", value: Tensor.zeros([0]),
                                                       isTrainable: false)
    public var parameters: [Parameter] {
        (scale ? [gamma] : []) + (center ? [beta] : []) + [movingMean, movingVariance]
    }

    /// The per-channel mean and 1/√(variance + epsilon) a call normalised with, and whether they were the batch's.
    struct Statistics: LayerMemo {
        let mean: [Float]
        let inverseDeviation: [Float]
        let fromBatch: Bool
    }

    public init(axis: Int = -1, momentum: Float = 0.99, epsilon: Float = 0.001, center: Bool = true,
                scale: Bool = true) throws {
        try require(epsilon > 0 && (0...1).contains(momentum),
                    "BatchNormalization needs epsilon > 0 and momentum in [0, 1]; got epsilon \(epsilon), "
                    + "momentum \(momentum)")
        self.axis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
    }

    public func couplesExamples(training: Bool) -> Bool { training && trainable }

    /// The map the moving statistics make: γ/√(variance + ε) · (x − mean) + β as x·scale + shift.
    public var inferenceChannelAffine: ChannelAffine {
        let g = gammaValues, b = center ? beta.value.scalars : [Float](repeating: 0, count: channels)
        let mean = movingMean.value.scalars, variance = movingVariance.value.scalars
        let scale = (0..<channels).map { g[$0] / (variance[$0] + epsilon).squareRoot() }
        return ChannelAffine(scale: scale, shift: (0..<channels).map { b[$0] - scale[$0] * mean[$0] })
    }

    /// Its backward step reads its input and statistics, never its output, so a ReLU can be applied in place, and
    /// its derivative recomputed from the input.
    public var fusesFollowingReLU: Bool { true }

    public var backwardReads: BackwardReads { [.inputs, .memo] }

    /// gamma, beta (as asked) and the two moving statistics, one per channel.
    public func weightCount(inputShapes: [[Int]]) -> Double {
        guard let channels = inputShapes.first?.last else { return 0 }
        return Double(channels) * Double(2 + (scale ? 1 : 0) + (center ? 1 : 0))
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        guard axis == -1 || axis == inputShape.count else {
            throw Problem("BatchNormalization '\(name)' supports only the channel axis (axis: -1, channels-last); "
                             + "got axis: \(axis) for inputs of shape \(inputShape.shapeDescription)")
        }
        let channels = inputShape.last!
        if movingMean.value.shape != [channels] {
            gamma = Parameter(name: "gamma", value: Tensor.ones([channels]))
            beta = Parameter(name: "beta", value: Tensor.zeros([channels]))
            movingMean = Parameter(name: "moving_mean", value: Tensor.zeros([channels]), isTrainable: false)
            movingVariance = Parameter(name: "moving_variance", value: Tensor.ones([channels]), isTrainable: false)
        }
        outputShape = inputShape
        return outputShape
    }

    private var channels: Int { movingMean.value.count }
    private var gammaValues: [Float] { scale ? gamma.value.scalars : [Float](repeating: 1, count: channels) }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        let c = channels
        var mean = movingMean.value.scalars, variance = movingVariance.value.scalars
        var updates: [StateUpdate] = []
        let fromBatch = call.training && trainable
        if fromBatch {
            let n = Double(input.count / c)
            // From the layer below when it summed its output as it wrote it.
            let (sum, squares) = call.inputChannelSums.map { ($0.sum, $0.squares) }
                ?? ChannelKernels.sums(input, channels: c)
            // Keras' fused kernel (4-D batches) applies Bessel's correction to the moving variance's target.
            let bessel = input.rank == 4 && n > 1 ? n / (n - 1) : 1
            var newMean = mean, newVariance = variance
            for j in 0..<c {
                let m = sum[j] / n, v = max(squares[j] / n - m * m, 0)
                mean[j] = Float(m)
                variance[j] = Float(v)
                newMean[j] = momentum * newMean[j] + (1 - momentum) * Float(m)
                newVariance[j] = momentum * newVariance[j] + (1 - momentum) * Float(v * bessel)
            }
            updates = [StateUpdate(parameter: movingMean, value: Tensor(shape: [c], scalars: newMean)),
                       StateUpdate(parameter: movingVariance, value: Tensor(shape: [c], scalars: newVariance))]
        }
        let inverse = variance.map { 1 / ($0 + epsilon).squareRoot() }
        let g = gammaValues, b = center ? beta.value.scalars : [Float](repeating: 0, count: c)
        let a = (0..<c).map { g[$0] * inverse[$0] }
        return LayerOutput(ChannelKernels.affine(input, center: mean, scale: a, shift: b, thenReLU: call.thenReLU),
                           memo: Statistics(mean: mean, inverseDeviation: inverse, fromBatch: fromBatch),
                           updates: updates)
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        inputGradientRecipe(step, input: input)?.formed()
    }

    public func inputGradientRecipe(_ step: BackwardStep, input: Tensor) -> ChannelGradient? {
        guard let stats = step.memo as? Statistics else {
            preconditionFailure("BatchNormalization '\(name)': backward without its forward's statistics")
        }
        let c = channels, n = Double(input.count / c), dy = step.gradient
        let wantsGamma = scale && step.parameterGradients?.wants(gamma) == true
        let wantsBeta = center && step.parameterGradients?.wants(beta) == true
        guard step.needsInputGradients || wantsGamma || wantsBeta else { return nil }
        let g = gammaValues, inverse = stats.inverseDeviation
        let a = (0..<c).map { g[$0] * inverse[$0] }
        let zeros = [Float](repeating: 0, count: c)
        // The ReLU applied in `forward` (thenReLU), told by the same affine map.
        let relu = step.throughFoldedReLU
            ? ChannelKernels.FoldedReLU(scale: a, shift: center ? beta.value.scalars : zeros) : nil
        // Σ dy is dbeta; Σ dy·x̂ = Σ dy·(x − mean) / σ is dgamma.
        let (sum, products) = ChannelKernels.gradientSums(dy, x: input, center: stats.mean, relu: relu)
        if let gradients = step.parameterGradients {
            if wantsGamma { gradients.add((0..<c).map { Float(products[$0]) * inverse[$0] }, to: gamma) }
            if wantsBeta { gradients.add(sum.map(Float.init), to: beta) }
        }
        guard step.needsInputGradients else { return nil }
        guard stats.fromBatch else {
            // a·dy, through the ReLU when there is one (which reads the input).
            return ChannelGradient(u: dy, a: a, v: relu == nil ? nil : input, center: relu == nil ? zeros : stats.mean,
                                   b: zeros, d: zeros, relu: relu)
        }
        // Through the batch statistics: dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂)), which with
        // x̂ = (x − μ)/σ is a·dy + b·(x − μ) + d per channel.
        var b = zeros, d = zeros
        for j in 0..<c {
            let inv = Double(inverse[j]), aj = Double(a[j])
            b[j] = Float(-aj * inv * inv * products[j] / n)
            d[j] = Float(-aj * sum[j] / n)
        }
        return ChannelGradient(u: dy, a: a, v: input, center: stats.mean, b: b, d: d, relu: relu)
    }

    public var configurationDescription: String {
        "axis: \(axis), momentum: \(momentum), epsilon: \(epsilon), center: \(center), scale: \(scale)"
    }
}
