import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabLang
import CamLabNN

/// Explanations over CamLabExplain: `explain` with every method, and eli5's Grad-CAM API by its names.
func registerExplainBuiltins(in r: BuiltinRegistry) {
    registerMethodConstants(in: r)
    r.register(Explain.self)
    r.alias("explain_prediction_keras", for: "explain")
    r.register([FormatAsImage.self, GradcamBackend.self, GradcamBuiltin.self])
}

struct Explain: BuiltinFunction {
    static let configuration = BuiltinConfiguration("explain", topic: "explanations", explainDoc)
    @Positional var model: Model
    @Positional var x: ModelInputs
    @Labelled var method = ExplanationMethod.gradcam
    @Labelled var target: Value = .none
    @Labelled var targets: Value = .none
    @Labelled var names: [Value]? = nil
    @Labelled var score: ScoreKind? = nil
    @Labelled var counterfactual = false
    @Labelled var layer: Value = .none
    @Labelled var layers: Value = .none
    @Labelled var beforeActivation = false
    @Labelled var map: MapStyle? = nil
    @Labelled var upsample: Bool? = nil
    @Group var settings: MethodSettings
    @Labelled(.positive) var batchSize = 256
    @Labelled var colormap: Colormap? = nil
    @Labelled var alphaLimit: Double? = 0.65
    @Labelled var resampling = ResamplingFilter.lanczos

    func run(_ call: BuiltinCall) throws -> Value {
        var options = ExplainOptions()
        try settings.apply(to: &options, method: method)
        options.score = score
        options.counterfactual = counterfactual
        options.map = map
        options.upsample = upsample
        options.layers = try layerArguments(layer: $layer, layers: $layers, of: model)
        options.beforeActivation = beforeActivation
        if beforeActivation && !method.needsSpatialLayer {
            throw $beforeActivation.error("explain: before_activation chooses which values of a layer a CAM method "
                                          + "reads; \(method.name) reads the input pixels",
                                          help: "leave it out, or choose a CAM method such as gradcam")
        }
        options.batchSize = batchSize
        options.limits = call.limits
        // A dataset names the model's classes (when it has as many), unless names: says otherwise.
        options.classNames = try classNamesArgument(names, $names)
            ?? x.classNames.flatMap { $0.count == model.outputShape.last ? $0 : nil }
        let explanations = try explain(model: model, batch: x.x, method: method,
                                       targets: try targetArguments(target: $target, targets: $targets),
                                       options: options)
        let objects = explanations.map {
            Value.object(ExplanationObject($0, colormap: colormap, alphaLimit: alphaLimit, resampling: resampling))
        }
        // One image, or a batch of one as eli5 takes it, gives one explanation; a batch of several, or a dataset,
        // a list of them.
        let shape = x.x.shape
        let single = !x.isDataset
            && (shape == model.inputShape || (shape.count == model.inputShape.count + 1 && shape[0] == 1))
        return single ? objects[0] : .list(objects)
    }
}

struct FormatAsImage: BuiltinFunction {
    static let configuration = BuiltinConfiguration("format_as_image", topic: "explanations",
        "The explanation as a picture, as eli5's format_as_image: the heatmap coloured, resized over the image. "
        + "Options not given keep the ones passed to explain.")
    @Positional var explanation: ExplanationObject
    @Labelled var colormap: Colormap? = .viridis
    @Labelled var alphaLimit: Double? = 0.65
    @Labelled var resampling = ResamplingFilter.lanczos

    func run(_ call: BuiltinCall) throws -> Value {
        let e = explanation
        let image = try e.overlays.overlay(of: e.explanation,
                                           colormap: $colormap.isGiven ? colormap ?? e.colormap : e.colormap,
                                           alphaLimit: $alphaLimit.isGiven ? alphaLimit : e.alphaLimit,
                                           resampling: $resampling.isGiven ? resampling : e.resampling)
        return .object(ImageObject(image))
    }
}

struct GradcamBackend: BuiltinFunction {
    static let configuration = BuiltinConfiguration("gradcam_backend", topic: "explanations",
        "eli5's gradcam_backend: (weights, activations, gradients, predicted_index, predicted_value) for one "
        + "image, with the gradients the weights average. " + normalizeGradientsDoc)
    @Positional var model: Model
    @Positional var x: Tensor
    @Labelled var targets: Value = .none
    @Labelled var layer: Value = .none
    @Labelled var normalizeGradients = true

    func run(_ call: BuiltinCall) throws -> Value {
        let targets = try targetsArgument($targets)
        let c = try gradcamBackend(model: model, x: x, targets: targets,
                                   layer: try layerArguments(layer: $layer, layers: nil, of: model).first,
                                   normalizeGradients: normalizeGradients)
        return .tuple([.tensor(Tensor(c.weights)), .tensor(c.activations), .tensor(c.gradients),
                       .number(Double(c.predictedIndex)), .number(c.predictedValue)])
    }
}

struct GradcamBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("gradcam", topic: "explanations",
        "eli5's gradcam: the heatmap ReLU(Σ weights · activations) scaled to [0, 1], shape (height, width). "
        + "As a method, explain(model, x, method: gradcam) is Grad-CAM, explain's default: "
        + methodHelp(.gradcam))
    @Positional var weights: Tensor
    @Positional var activations: Tensor

    func run(_ call: BuiltinCall) throws -> Value {
        .tensor(heatmapTensor(try gradcam(weights: weights.scalars, activations: activations)))
    }
}

/// Which eli5 each choice of `normalize_gradients` reproduces, for the builtins that take it.
let normalizeGradientsDoc = "normalize_gradients: true (the default) L2-normalises the gradients before "
    + "averaging them, as graph-mode eli5 0.10 to 0.13 does (TensorFlow with eager execution disabled, as the "
    + "Fashion-MNIST tutorial runs it), so confident predictions keep a visible map; false averages the raw "
    + "gradients, as eli5 0.16 (Keras 3) does."
