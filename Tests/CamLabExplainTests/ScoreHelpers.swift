import CamLabCore
import CamLabNN
import CamLabTestSupport
@testable import CamLabExplain

/// The model's score for `target` when layer `index`'s output is `activations` (batch of one) — the layers above
/// (of a chain model) run forward from there one by one, without the engine or anything CamLabExplain computes.
/// `index` −1 means the input. The logit is the last layer's value before its activation.
func score(of model: Model, fromLayer index: Int, activations: Tensor, target: Int,
           kind: ScoreKind = .probability) -> Double {
    var value = activations
    for layer in model.layers[(index + 1)..<(model.layers.count - 1)] { value = layer.run([value]).output }
    let top = model.layers[model.layers.count - 1]
    return Double(top.run([value], applyingActivation: kind == .probability).output.scalars[target])
}

/// The layer's output for one image (a batch of one), by running the layers (of a chain model) up to it.
func layerOutput(of model: Model, _ x: Tensor, layer index: Int) -> Tensor {
    model.layers[...index].reduce(x) { $1.run([$0]).output }
}

/// d score / d (layer output) for one image, by finite differences.
func numericLayerGradient(_ model: Model, _ x: Tensor, layer index: Int, target: Int,
                          kind: ScoreKind, step: Float = 1e-2) -> [Double] {
    let activations = index < 0 ? x : layerOutput(of: model, x, layer: index)
    return finiteDifferences(at: activations, step: step) {
        score(of: model, fromLayer: index, activations: $0, target: target, kind: kind)
    }
}

/// The largest absolute difference, relative to the reference's largest magnitude (at least `floor`).
func relativeError(_ values: [Float], _ reference: [Double], floor: Double = 1e-6) -> Double {
    precondition(values.count == reference.count, "\(values.count) values against \(reference.count)")
    let scale = max(reference.map(abs).max() ?? 0, floor)
    return zip(values, reference).map { abs(Double($0) - $1) }.max().map { $0 / scale } ?? 0
}

/// Explains one image with a method's raw map at the layer's resolution, for comparison with a hand computation.
func rawMap(_ method: ExplanationMethod, _ model: Model, _ x: Tensor, target: Int, layer: LayerReference? = nil,
            score: ScoreKind? = nil, configure: (inout ExplainOptions) -> Void = { _ in }) throws -> Explanation {
    var options = ExplainOptions()
    options.map = .raw
    options.upsample = false
    options.score = score
    options.layers = layer.map { [$0] } ?? []
    configure(&options)
    return try method.explain(model: model, batch: x, targets: [.index(target)], options: options)[0]
}

/// conv (relu, same) → max pooling → conv (tanh) → flatten → dense softmax, on 6×6 images with two channels:
/// every layer kind CamLab builds, and a layer coarser than the input.
func pooledModel() throws -> Model {
    let model = try Model(inputShape: [6, 6, 2], layers: [
        Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
        MaxPooling2D(poolSize: (2, 2)),
        Conv2D(filters: 3, kernelSize: (2, 2), padding: .same, activation: .tanh),
        Flatten(),
        Dense(units: 3, activation: .softmax),
    ], seed: 21)
    return withRandomBiases(model, seed: 8)
}

/// `model` with its biases drawn uniformly from [0.05, 0.3), so that bias gradients and kinks are exercised.
func withRandomBiases(_ model: Model, seed: UInt64) -> Model {
    var generator = SeededGenerator(seed: seed)
    for parameter in model.parameters where parameter.name == "bias" {
        parameter.value = Tensor.uniform(parameter.value.shape, low: 0.05, high: 0.3, using: &generator)
    }
    return model
}

/// The pooled model's layers with global average pooling instead of flatten: the head CAM needs.
func pooledGAPModel() throws -> Model {
    let model = try Model(inputShape: [6, 6, 2], layers: [
        Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
        MaxPooling2D(poolSize: (2, 2)),
        Conv2D(filters: 3, kernelSize: (2, 2), padding: .same, activation: .tanh),
        GlobalAveragePooling2D(),
        Dense(units: 3, activation: .softmax),
    ], seed: 21)
    return withRandomBiases(model, seed: 8)
}

func pooledInput(count: Int = 1, seed: UInt64 = 6) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.uniform([count, 6, 6, 2], low: 0, high: 1, using: &generator)
}

/// tanh convolution (smooth, so finite differences are exact to their step) → flatten → dense softmax.
func smoothModel() throws -> Model {
    try Model(inputShape: [5, 5, 1], layers: [
        Conv2D(filters: 3, kernelSize: (3, 3), padding: .same, activation: .tanh),
        Flatten(),
        Dense(units: 4, activation: .softmax),
    ], seed: 13)
}

func smoothInput(count: Int = 1, seed: UInt64 = 4) -> Tensor {
    var generator = SeededGenerator(seed: seed)
    return Tensor.uniform([count, 5, 5, 1], low: 0, high: 1, using: &generator)
}
