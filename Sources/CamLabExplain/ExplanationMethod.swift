import CamLabCore
import CamLabNN

/// One way of explaining a classifier's prediction, as a value: a name, a one-line summary, what it needs from the
/// model, its defaults, and one uniform call. Every method CamLab offers is in `ExplanationMethod.all`; the
/// language, `help`, completion and the judging tools enumerate that list and call each method the same way:
///
///     for method in ExplanationMethod.all where method.applies(to: model) {
///         let maps = try method.maps(model: model, batch: x, targets: [.predicted], options: options)
///     }
public struct ExplanationMethod: Sendable {
    /// What the method reads to make its map.
    public enum Family: String, Sendable {
        /// Weighs the channels of a convolution's or pooling layer's output (the CAM family).
        case cam
        /// Gradients of the score with respect to the input pixels.
        case inputGradient = "input gradient"
        /// Changes the input and watches the score.
        case perturbation
    }

    /// The name a program uses: `explain(model, x, method: gradcam_plus_plus)`.
    public let name: String
    /// The name a figure shows: "Grad-CAM++".
    public let title: String
    /// One line for `help` and tables.
    public let summary: String
    /// What the method computes and how to read its picture.
    public let description: String
    /// The paper it comes from and the library whose definition and defaults CamLab follows.
    public let reference: String
    public let family: Family
    /// True when the method reads a layer with a (height, width, channels) output: a convolution or pooling layer.
    /// The others work on the input pixels of any classifier.
    public let needsSpatialLayer: Bool
    /// The score explained when none is asked for; `nil` means the model's output (the probability of a softmax
    /// classifier, as eli5 explains it).
    public let defaultScore: ScoreKind?
    /// The map's style when none is asked for.
    public let defaultStyle: MapStyle
    /// Whether a layer's map is brought to the input's size when not told.
    public let upsamplesByDefault: Bool
    /// The method-specific settings of `ExplainOptions` it reads, by their names in the language.
    public let options: [String]
    /// What the method needs of a model beyond a layer to read, said as an error when `model` lacks it (CAM needs
    /// global average pooling and a dense layer on top); nil when it has it.
    let modelRequirement: (@Sendable (Model) -> String?)?
    /// The raw maps, one (height, width) tensor per image of the request, at the layer's resolution (layer
    /// methods, called once per layer) or the input's.
    let rawMaps: @Sendable (MethodRequest) throws -> [Tensor]

    init(name: String, title: String, summary: String, description: String, reference: String, family: Family,
         needsSpatialLayer: Bool, defaultScore: ScoreKind?, defaultStyle: MapStyle, upsamplesByDefault: Bool = true,
         options: [String] = [], modelRequirement: (@Sendable (Model) -> String?)? = nil,
         rawMaps: @escaping @Sendable (MethodRequest) throws -> [Tensor]) {
        self.modelRequirement = modelRequirement
        self.name = name
        self.title = title
        self.summary = summary
        self.description = description
        self.reference = reference
        self.family = family
        self.needsSpatialLayer = needsSpatialLayer
        self.defaultScore = defaultScore
        self.defaultStyle = defaultStyle
        self.upsamplesByDefault = upsamplesByDefault
        self.options = options
        self.rawMaps = rawMaps
    }

    /// "Grad-CAM++ (gradcam_plus_plus)".
    public var descriptionLine: String { "\(title) (\(name))" }

    /// What the method needs from a model, in words: "a convolution or pooling layer" or "any classifier".
    public var requirement: String { needsSpatialLayer ? "a convolution or pooling layer" : "any classifier" }

    /// Whether the method can explain `model` (the layer methods need a layer with a (height, width, channels)
    /// output).
    public func applies(to model: Model) -> Bool {
        (!needsSpatialLayer || !model.spatialLayerIndices.isEmpty) && modelRequirement?(model) == nil
    }

    /// The uniform call: one explanation per image of `batch` (N, height, width, channels), for `targets` (one
    /// for all images or one per image), with `options` (defaults: the method's own).
    public func explain(model: Model, batch: Tensor, targets: [Target] = [.predicted],
                        options: ExplainOptions = ExplainOptions()) throws -> [Explanation] {
        try CamLabExplain.explain(model: model, batch: batch, method: self, targets: targets, options: options)
    }

    /// The maps alone, one (height, width) tensor per image at the input's resolution, in the style asked for
    /// (the method's own by default): what faithfulness metrics and sanity checks compare.
    public func maps(model: Model, batch: Tensor, targets: [Target] = [.predicted],
                     options: ExplainOptions = ExplainOptions()) throws -> [Tensor] {
        var options = options
        options.upsample = true
        return try explain(model: model, batch: batch, targets: targets, options: options).map(\.map)
    }
}

extension ExplanationMethod: Equatable {
    public static func == (a: ExplanationMethod, b: ExplanationMethod) -> Bool { a.name == b.name }
}

/// What a method's `rawMaps` is given: one chunk of images, their targets and the settings resolved.
struct MethodRequest {
    /// The images, (n, height, width, channels) as the model takes them.
    let batch: Tensor
    /// The pass `explain` ran on `batch` to find the targets. Methods that need gradients at `layer` or the input
    /// take them from it.
    let pass: ClassifierPass
    let targets: [Int]
    let score: ScoreKind
    /// The layer a layer method reads (nil for input methods).
    let layer: Int?
    let options: ExplainOptions

    var model: Model { pass.model }
    /// 1, or −1 for a counterfactual explanation.
    var sign: Float { options.counterfactual ? -1 : 1 }

    /// The input's geometry as maps see it: (height, width, channels); a flat input is one row.
    var inputGeometry: (height: Int, width: Int, channels: Int) { model.inputShape.mapGeometry }

    /// The layer's output as (n, height, width, channels).
    var activations: Tensor { pass.value(layerValue!) }

    /// The value a layer method reads: the layer's output, or its values before its activation when asked.
    var layerValue: NodeValue? { layer.map { model.value(ofLayer: $0, beforeActivation: options.beforeActivation) } }

    /// Each image's score for its target, signed as asked.
    func scores(of pass: ClassifierPass, targets: [Int]? = nil) -> [Float] {
        pass.scores(targets ?? self.targets, kind: score).map { $0 * sign }
    }
}

extension Array where Element == Int {
    /// A per-example shape as (height, width, channels): (H, W, C) as is, (H, W) with one channel, (N) as one row.
    var mapGeometry: (height: Int, width: Int, channels: Int) {
        switch count {
        case 3: (self[0], self[1], self[2])
        case 2: (self[0], self[1], 1)
        default: (1, reduce(1, *), 1)
        }
    }
}
