import CamLabCore
import CamLabImaging
import CamLabNN

/// What `gradcamBackend` computes for one image, as eli5's `gradcam_backend` returns it.
public struct GradCAMComponents: Sendable {
    /// One weight per channel of the layer: `gradients` averaged over height and width (α_k in the paper).
    public var weights: [Float]
    /// The layer's output for the image, shape (height, width, channels).
    public var activations: Tensor
    /// d score / d activations, shape (height, width, channels), as `weights` average them: L2-normalised over all
    /// elements by default (what graph-mode eli5 returns), raw with `normalizeGradients: false` (what eli5 0.16
    /// returns).
    public var gradients: Tensor
    /// The class explained: the target given, or the predicted class (argmax) when none was.
    public var predictedIndex: Int
    /// The model's output for that class (post-softmax when the model ends in softmax, as eli5 reports it).
    public var predictedValue: Float
}

/// eli5's `gradcam_backend`: runs one image through `model`, takes the score of the target class and its gradient
/// with respect to the output of `layer`, L2-normalises that gradient (unless told not to) and averages it over
/// the spatial axes.
///
/// - Parameters:
///   - x: one image, (height, width, channels) or (1, height, width, channels), NHWC.
///   - targets: `nil` for the predicted class, or exactly one class index in `0 ..< classes`.
///   - layer: a layer with a (height, width, channels) output, by name or index; `nil` picks the one `explain`
///     would (the last layer with such an output).
///   - normalizeGradients: `true` computes what eli5 0.10–0.13 computes with TensorFlow's eager execution
///     disabled, as the Fashion-MNIST tutorial runs it: `K.l2_normalize(grads)` before the average (see
///     `l2Normalized`). `false` averages the raw gradients, as eli5 0.16 (Keras 3) does. The returned weights and
///     gradients are those of the behaviour chosen.
public func gradcamBackend(model: Sequential, x: Tensor, targets: [Int]?, layer: LayerReference? = nil,
                           normalizeGradients: Bool = true) throws -> GradCAMComponents {
    try gradcamBackend(model: model, batch: singleImageBatch(x, model: model), targets: targets,
                       layerIndex: model.gradcamLayerIndex(layer), normalizeGradients: normalizeGradients)
}

func gradcamBackend(model: Sequential, batch x: Tensor, targets: [Int]?, layerIndex: Int,
                    normalizeGradients: Bool) throws -> GradCAMComponents {
    let forward: (output: Tensor, layerOutput: Tensor)
    do {
        forward = try model.forward(x, recordingOutputOf: layerIndex)
    } catch let error as ModelError {
        throw ExplainError(error.message)
    }
    let activations = forward.layerOutput
    guard x.shape.first == 1, activations.rank == 4 else {
        throw ExplainError("Grad-CAM needs one image and a layer with 4-D output; got input "
                           + "\(x.shape.shapeDescription) and layer output \(activations.shape.shapeDescription)")
    }
    let scores = forward.output.scalars
    guard forward.output.rank == 2, !scores.isEmpty else {
        throw ExplainError("Grad-CAM explains a classifier whose output is (batch, classes); model "
                           + "'\(model.name)' outputs \(forward.output.shape.shapeDescription)")
    }
    let target = try resolveTarget(targets, scores: scores)

    var oneHot = Tensor.zeros(forward.output.shape)
    oneHot.scalars[target] = 1
    let raw = model.gradient(ofOutput: oneHot, withRespectToOutputOf: layerIndex).scalars
    let gradients = normalizeGradients ? l2Normalized(raw) : raw

    let (height, width, channels) = (activations.shape[1], activations.shape[2], activations.shape[3])
    var sums = [Double](repeating: 0, count: channels)
    for (i, g) in gradients.enumerated() { sums[i % channels] += Double(g) }
    let weights = sums.map { Float($0 / Double(height * width)) }
    return GradCAMComponents(
        weights: weights,
        activations: Tensor(shape: [height, width, channels], scalars: activations.scalars),
        gradients: Tensor(shape: [height, width, channels], scalars: gradients),
        predictedIndex: target, predictedValue: scores[target])
}

/// Keras' `K.l2_normalize(x)` (axis=None, TensorFlow's `l2_normalize`): `x / sqrt(max(Σx², 1e-12))` over every
/// element, which graph-mode eli5 applies to the gradients. It changes only their scale, so the map keeps Grad-CAM's
/// shape; but `gradcam` divides the map by `max + 1e-7`, and for a confident prediction (a saturated softmax) the
/// raw gradients are so small that the 1e-7 dominates and the map fades. Normalised gradients have norm 1, or are
/// multiplied by 10⁶ when their norm is below 10⁻⁶, which lifts the map well above 1e-7 unless the gradients are
/// smaller still (then graph-mode eli5's map fades too). The sum is taken in Double; the scale is applied in Float,
/// as TensorFlow multiplies by a float32 reciprocal square root.
func l2Normalized(_ values: [Float]) -> [Float] {
    let sumOfSquares = values.reduce(0.0) { $0 + Double($1) * Double($1) }
    let scale = Float(1 / max(sumOfSquares, 1e-12).squareRoot())
    return values.map { $0 * scale }
}

/// The class to explain: the single target given (checked against the number of classes), or the argmax.
private func resolveTarget(_ targets: [Int]?, scores: [Float]) throws -> Int {
    guard let targets else {
        // First maximum, as argmax does.
        return scores.indices.reduce(0) { scores[$1] > scores[$0] ? $1 : $0 }
    }
    guard targets.count == 1 else {
        throw ExplainError("Grad-CAM explains exactly one target at a time, got \(targets); "
                           + "call explain once per class")
    }
    guard (0..<scores.count).contains(targets[0]) else {
        throw ExplainError("prediction target \(targets[0]) is outside the model's classes 0 to "
                           + "\(scores.count - 1)")
    }
    return targets[0]
}

/// eli5's `gradcam`: the localization map `h = ReLU(Σ_k w_k · A_k)` normalized to `h / (max(h) + 1e-7)`, at
/// the layer's resolution. `activations` has shape (height, width, channels) and `weights` one value per channel.
/// Accumulates in Double over Float products, as eli5's float64 map over float32 terms does.
public func gradcam(weights: [Float], activations: Tensor) throws -> Heatmap {
    guard activations.rank == 3, activations.shape[2] == weights.count else {
        throw ExplainError("gradcam needs activations of shape (height, width, channels) and one weight per "
                           + "channel; got activations \(activations.shape.shapeDescription) and "
                           + "\(weights.count) weights")
    }
    let channels = weights.count
    let pixels = activations.count / max(channels, 1)
    var map = [Double](repeating: 0, count: pixels)
    activations.scalars.withUnsafeBufferPointer { a in
        for p in 0..<pixels {
            var sum = 0.0
            for k in 0..<channels { sum += Double(weights[k] * a[p * channels + k]) }
            map[p] = max(sum, 0)
        }
    }
    // Keras' epsilon keeps an all-zero map at zero instead of dividing by zero.
    let denominator = (map.max() ?? 0) + 1e-7
    return try Heatmap(width: activations.shape[1], height: activations.shape[0],
                       values: map.map { Float($0 / denominator) })
}
