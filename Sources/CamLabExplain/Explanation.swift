import CamLabCore
import CamLabImaging
import CamLabNN

/// One image's explanation by one method, holding what eli5's `Explanation` holds for images and what the CAM
/// libraries add: which score was explained, the map in the style asked for, the layers read.
public struct Explanation: Sendable {
    /// The method's title, as a figure shows it: "Grad-CAM", "Integrated Gradients", ….
    public var method: String
    /// The method's name in the language and the registry: "gradcam", "integrated_gradients", ….
    public var methodName: String
    /// What the method computes and how to read the picture.
    public var description: String
    /// The class explained, and its name when class names were given.
    public var target: Int
    public var targetName: String?
    /// The model's score for the target, of kind `scoreKind` (the logit, or the probability the model outputs).
    public var score: Float
    public var scoreKind: ScoreKind
    /// The model's probability for the target, when its last layer is a softmax (or sigmoid).
    public var probability: Float?
    /// True when the map shows what speaks against the target (the score was negated).
    public var counterfactual: Bool
    /// The map, (height, width), in `style`: at a layer's resolution, or at the input's.
    public var map: Tensor
    public var style: MapStyle
    /// The map in [0, 1] for pictures (for a signed map, 0.5 is zero).
    public var heatmap: Heatmap
    /// The layers whose maps were averaged, by name and position in the model; empty for methods that work on
    /// the input pixels.
    public var layerNames: [String]
    public var layerIndices: [Int]
    /// The input image, rescaled min–max to 0–255 (gray stays one channel), for the heatmap to lie over.
    public var image: Image

    /// The layer read ("conv2d_1"), the layers joined by "+" when several were averaged, or "input".
    public var layerName: String { layerNames.isEmpty ? "input" : layerNames.joined(separator: "+") }
    /// The position of the (first) layer read, or −1 for the input.
    public var layerIndex: Int { layerIndices.first ?? -1 }
}

/// The explanation as a picture, as eli5's `format_as_image`: the heatmap coloured with `colormap`, alpha
/// `min(h, alphaLimit)`, resized to the image with `resampling` and composited over it. A signed map is coloured
/// with a diverging map (coolwarm when none is given) and its opacity follows the magnitude. Returns RGBA the size
/// of the input image (or of `base`, such as the picture before it was resized for the model). `alphaLimit` 0
/// returns the image; `nil` means no cap; outside [0, 1] is an error.
public func formatAsImage(_ explanation: Explanation, over base: Image? = nil, colormap: Colormap? = nil,
                          alphaLimit: Double? = 0.65, resampling: ResamplingFilter = .lanczos) throws -> Image {
    let signed = explanation.style.isSigned
    return try overlayHeatmap(explanation.heatmap, on: base ?? explanation.image,
                              colormap: colormap ?? (signed ? .coolwarm : .viridis), alphaLimit: alphaLimit,
                              resampling: resampling, signed: signed)
}

/// One `explain` and `formatAsImage` with eli5's defaults: the unit the benchmark times (a 28×28 image with the
/// trained reference model).
public func explainAsImage(model: Model, x: Tensor, targets: [Int]? = nil,
                           layer: LayerReference? = nil) throws -> (explanation: Explanation, image: Image) {
    let explanation = try explain(model: model, x: x, targets: targets, layer: layer)
    return (explanation, try formatAsImage(explanation))
}
