import CamLabCore
import CamLabImaging
import CamLabNN

/// A Grad-CAM explanation of one prediction, holding what eli5's `Explanation` holds for images.
public struct Explanation: Sendable {
    /// Always "Grad-CAM".
    public var method: String
    /// What the method computes and how to read the picture.
    public var description: String
    /// The class explained and the model's score for it (post-softmax for a softmax model).
    public var target: Int
    public var score: Float
    /// The localization map in [0, 1] at the layer's resolution (height × width of that layer's output).
    public var heatmap: Heatmap
    /// The layer whose activations were weighed, by name and position in the model.
    public var layerName: String
    public var layerIndex: Int
    /// The input image, rescaled min–max to 0–255 (gray stays one channel), for the heatmap to lie over.
    public var image: Image
}

/// The explanation text, in the spirit of eli5's, saying how to read the map.
public let gradcamDescription = """
Grad-CAM (gradient-weighted class activation mapping) shows which parts of the image drove the model's score \
for the target class. It weighs each channel of a convolutional layer's output by the average gradient of the \
score with respect to that channel, sums the weighted channels, keeps the positive part and scales it to [0, 1]. \
Bright areas of the heatmap raised the score; dark areas did not. The map has the layer's resolution and is \
stretched over the image, so its detail is coarse.
"""

/// Explains `model`'s prediction for one image with Grad-CAM, as eli5's `explain_prediction` does for Keras.
///
/// - Parameters:
///   - x: one image, (height, width, channels) or a batch of one (1, height, width, channels), NHWC.
///   - targets: `nil` to explain the predicted class, or exactly one class index.
///   - layer: the layer to read, by name or index; `nil` picks the last layer with a (height, width, channels)
///     output (usually the last convolution).
///   - normalizeGradients: `true` (the default) reproduces graph-mode eli5 0.10–0.13, as the tutorial runs it;
///     `false` reproduces eli5 0.16. See `gradcamBackend`.
public func explain(model: Sequential, x: Tensor, targets: [Int]? = nil, layer: LayerReference? = nil,
                    normalizeGradients: Bool = true) throws -> Explanation {
    let batch = try singleImageBatch(x, model: model)
    let layerIndex = try model.gradcamLayerIndex(layer)
    let components = try gradcamBackend(model: model, batch: batch, targets: targets, layerIndex: layerIndex,
                                        normalizeGradients: normalizeGradients)
    let heatmap = try gradcam(weights: components.weights, activations: components.activations)
    let image: Image
    do {
        image = try Image(rescaling: batch)
    } catch let error as ImageError {
        throw ExplainError("cannot show the input as an image: \(error.message)")
    }
    return Explanation(method: "Grad-CAM", description: gradcamDescription,
                       target: components.predictedIndex, score: components.predictedValue, heatmap: heatmap,
                       layerName: model.layers[layerIndex].name, layerIndex: layerIndex, image: image)
}

/// `x` as a batch of one for `model`: an image (H, W, C) gains the batch axis; a larger batch is refused.
func singleImageBatch(_ x: Tensor, model: Sequential) throws -> Tensor {
    if x.shape == model.inputShape { return Tensor(shape: [1] + x.shape, scalars: x.scalars) }
    if x.rank == model.inputShape.count + 1, let batch = x.shape.first, batch != 1,
       Array(x.shape.dropFirst()) == model.inputShape {
        throw ExplainError("explain takes one image, got a batch of \(batch) (\(x.shape.shapeDescription)); "
                           + "pick one image, e.g. x[0]")
    }
    do {
        try model.validateInput(x)
    } catch let error as ModelError {
        throw ExplainError(error.message)
    }
    return x
}

/// The explanation as a picture, as eli5's `format_as_image`: the heatmap coloured with `colormap`, alpha
/// `min(h, alphaLimit)`, resized to the image with `resampling` and composited over it. Returns RGBA the size of
/// the input image. `alphaLimit` 0 returns the image; `nil` means no cap; outside [0, 1] is an error.
public func formatAsImage(_ explanation: Explanation, colormap: Colormap = .viridis, alphaLimit: Double? = 0.65,
                          resampling: ResamplingFilter = .lanczos) throws -> Image {
    try overlayHeatmap(explanation.heatmap, on: explanation.image, colormap: colormap, alphaLimit: alphaLimit,
                       resampling: resampling)
}

/// One `explain` and `formatAsImage` with eli5's defaults: the unit the benchmark times (a 28×28 image with the
/// trained reference model).
public func explainAsImage(model: Sequential, x: Tensor, targets: [Int]? = nil,
                           layer: LayerReference? = nil) throws -> (explanation: Explanation, image: Image) {
    let explanation = try explain(model: model, x: x, targets: targets, layer: layer)
    return (explanation, try formatAsImage(explanation))
}
