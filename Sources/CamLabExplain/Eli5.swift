import CamLabCore
import CamLabImaging
import CamLabNN

/// Explains `model`'s prediction for one image with Grad-CAM, as eli5's `explain_prediction` does for Keras:
/// `explain(model:batch:method:targets:options:)` with eli5's arguments.
///
/// - Parameters:
///   - x: one image, (height, width, channels) or a batch of one (1, height, width, channels), NHWC.
///   - targets: `nil` to explain the predicted class, or exactly one class index.
///   - layer: the layer to read, by name or index; `nil` picks the last layer with a (height, width, channels)
///     output (usually the last convolution).
///   - normalizeGradients: `true` (the default) reproduces graph-mode eli5 0.10–0.13, as the tutorial runs it;
///     `false` reproduces eli5 0.16. See `gradcamBackend`.
public func explain(model: Model, x: Tensor, targets: [Int]? = nil, layer: LayerReference? = nil,
                    normalizeGradients: Bool = true) throws -> Explanation {
    let batch = try singleImageBatch(x, model: model)
    if let targets, targets.count != 1 {
        throw Problem("Grad-CAM explains exactly one target at a time, got \(targets); "
                           + "call explain once per class")
    }
    var options = ExplainOptions()
    options.layers = layer.map { [$0] } ?? []
    options.normalizeGradients = normalizeGradients
    return try explain(model: model, batch: batch, method: .gradcam,
                       targets: [targets.map { .index($0[0]) } ?? .predicted], options: options)[0]
}

/// `x` as a batch of one for `model`: an image (H, W, C) gains the batch axis; a larger batch is refused.
func singleImageBatch(_ x: Tensor, model: Model) throws -> Tensor {
    if x.rank == model.inputShape.count + 1, let batch = x.shape.first, batch != 1,
       Array(x.shape.dropFirst()) == model.inputShape {
        throw Problem("explain takes one image, got a batch of \(batch) (\(x.shape.shapeDescription)); "
                           + "pick one image, e.g. x[0]")
    }
    return try imageBatch(x, model: model)
}

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
public func gradcamBackend(model: Model, x: Tensor, targets: [Int]?, layer: LayerReference? = nil,
                           normalizeGradients: Bool = true) throws -> GradCAMComponents {
    try gradcamBackend(model: model, batch: singleImageBatch(x, model: model), targets: targets,
                       layerIndex: model.gradcamLayerIndex(layer), normalizeGradients: normalizeGradients)
}

func gradcamBackend(model: Model, batch x: Tensor, targets: [Int]?, layerIndex: Int,
                    normalizeGradients: Bool) throws -> GradCAMComponents {
    guard model.outputShape.count == 1 else {
        throw Problem("Grad-CAM explains a classifier whose output is (batch, classes); model "
                           + "'\(model.name)' outputs \((["None"] + model.outputShape.map(String.init)).joined(separator: ", ").parenthesized)")
    }
    if let targets, targets.count != 1 {
        throw Problem("Grad-CAM explains exactly one target at a time, got \(targets); "
                           + "call explain once per class")
    }
    // eli5's score is the model's output, which the pass calls the probability.
    let pass = ClassifierPass(model: model, batch: x)
    let target = try resolveTargets([targets.map { .index($0[0]) } ?? .predicted], outputs: pass.output,
                                    classNames: nil)[0]
    let activations = SpatialBatch(pass.value(model.value(ofLayer: layerIndex)))
    let layer = model.value(ofLayer: layerIndex)
    let gradients = SpatialBatch(pass.gradients(targets: [target], kind: .probability, at: [layer])[layer]!)
    let (weights, used) = gradcamWeights(gradients, image: 0, normalize: normalizeGradients)
    let shape = [activations.height, activations.width, activations.channels]
    return GradCAMComponents(
        weights: weights, activations: Tensor(shape: shape, scalars: activations.tensor.scalars),
        gradients: Tensor(shape: shape, scalars: used),
        predictedIndex: target, predictedValue: pass.scores([target], kind: .probability)[0])
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

/// eli5's `gradcam`: the localization map `h = ReLU(Σ_k w_k · A_k)` normalized to `h / (max(h) + 1e-7)`, at
/// the layer's resolution. `activations` has shape (height, width, channels) and `weights` one value per channel.
/// Accumulates in Double over Float products, and scales in Double, as eli5's float64 map over float32 terms.
public func gradcam(weights: [Float], activations: Tensor) throws -> Heatmap {
    guard activations.rank == 3, activations.shape[2] == weights.count else {
        throw Problem("gradcam needs activations of shape (height, width, channels) and one weight per "
                           + "channel; got activations \(activations.shape.shapeDescription) and "
                           + "\(weights.count) weights")
    }
    // The Grad-CAM method's own arithmetic, so the two agree exactly.
    let batch = SpatialBatch(Tensor(shape: [1] + activations.shape, scalars: activations.scalars))
    let map = MapStyle.reluMax.apply(to: weightedChannelSum(batch, image: 0, weights: weights))
    return try Heatmap(width: map.mapWidth, height: map.mapHeight, values: map.scalars)
}
