import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabNN

/// A Grad-CAM explanation as a language value: `e.method`, `e.description`, `e.heatmap`, … It remembers the
/// formatting options `explain` was given, so `save(explain(model, x, colormap: reds), "out.png")` is one line.
public final class ExplanationObject: CamLabObject {
    public let typeName = "explanation"
    public let explanation: Explanation
    let colormap: Colormap
    let alphaLimit: Double?
    let resampling: ResamplingFilter

    init(_ explanation: Explanation, colormap: Colormap, alphaLimit: Double?, resampling: ResamplingFilter) {
        self.explanation = explanation
        self.colormap = colormap
        self.alphaLimit = alphaLimit
        self.resampling = resampling
    }

    public var memberNames: [String] { ["method", "description", "target", "score", "layer", "heatmap", "image"] }

    public func member(_ name: String) -> Value? {
        switch name {
        case "method": return .string(explanation.method)
        case "description": return .string(explanation.description)
        case "target": return .number(Double(explanation.target))
        case "score": return .number(explanation.score)
        case "layer": return .string(explanation.layerName)
        case "heatmap": return .tensor(heatmapTensor(explanation.heatmap))
        case "image": return .object(ImageObject(explanation.image))
        default: return nil
        }
    }

    public var summary: String {
        "<\(explanation.method) explanation of class \(explanation.target) (score \(Value.number(explanation.score))) "
            + "on layer \(explanation.layerName), heatmap \(explanation.heatmap.height)×\(explanation.heatmap.width)>"
    }

    /// eli5's `format_as_image` with the options given to `explain`.
    func formatted() throws -> Image {
        try formatAsImage(explanation, colormap: colormap, alphaLimit: alphaLimit, resampling: resampling)
    }
}

/// Grad-CAM over CamLabExplain, with eli5's names and defaults.
func registerExplainBuiltins(in r: BuiltinRegistry) {
    r.define("explain(model, x, targets: none, layer: none, normalize_gradients: true, colormap: viridis, "
             + "alpha_limit: 0.65, resampling: lanczos)", topic: "explanations",
             "Explains the model's prediction for one image with Grad-CAM (eli5's explain_prediction). "
             + normalizeGradientsDoc + " The other options are format_as_image's, used when the explanation is "
             + "saved or shown.") { args, _ in
        let m = try model(args)
        let explanation = try explain(model: m, x: try args.tensor("x"), targets: try targetsArgument(args),
                                      layer: try layerArgument(args, of: m),
                                      normalizeGradients: try args.bool("normalize_gradients"))
        return .object(ExplanationObject(explanation, colormap: try colormapArgument(args, "colormap") ?? .viridis,
                                         alphaLimit: try alphaLimitArgument(args), resampling: try resamplingArgument(args)))
    }
    r.alias("explain_prediction_keras", for: "explain")
    r.define("format_as_image(explanation, colormap: viridis, alpha_limit: 0.65, resampling: lanczos)",
             topic: "explanations",
             "The explanation as a picture, as eli5's format_as_image: the heatmap coloured, resized over the image. "
             + "Options not given keep the ones passed to explain.") { args, _ in
        let e = try args.object("explanation", as: ExplanationObject.self, expected: "an explanation (from explain)")
        let image = try formatAsImage(e.explanation,
                                      colormap: args.given("colormap") ? try colormapArgument(args, "colormap") ?? e.colormap : e.colormap,
                                      alphaLimit: args.given("alpha_limit") ? try alphaLimitArgument(args) : e.alphaLimit,
                                      resampling: args.given("resampling") ? try resamplingArgument(args) : e.resampling)
        return .object(ImageObject(image))
    }
    r.define("gradcam_backend(model, x, targets: none, layer: none, normalize_gradients: true)", topic: "explanations",
             "eli5's gradcam_backend: (weights, activations, gradients, predicted_index, predicted_value) for one "
             + "image, with the gradients the weights average. " + normalizeGradientsDoc) { args, _ in
        let m = try model(args)
        let x = try args.tensor("x")
        let targets = try targetsArgument(args)
        let c = try gradcamBackend(model: m, x: x, targets: targets, layer: try layerArgument(args, of: m),
                                   normalizeGradients: try args.bool("normalize_gradients"))
        return .tuple([.tensor(Tensor(c.weights)), .tensor(c.activations), .tensor(c.gradients),
                       .number(Double(c.predictedIndex)), .number(c.predictedValue)])
    }
    r.define("gradcam(weights, activations)", topic: "explanations",
             "eli5's gradcam: the heatmap ReLU(Σ weights · activations) scaled to [0, 1], shape (height, width).") { args, _ in
        let weights = try args.tensor("weights")
        return .tensor(heatmapTensor(try gradcam(weights: weights.scalars, activations: try args.tensor("activations"))))
    }
}

/// Which eli5 each choice of `normalize_gradients` reproduces, for the builtins that take it.
private let normalizeGradientsDoc = "normalize_gradients: true (the default) L2-normalises the gradients before "
    + "averaging them, as graph-mode eli5 0.10 to 0.13 does (TensorFlow with eager execution disabled, as the "
    + "Fashion-MNIST tutorial runs it), so confident predictions keep a visible map; false averages the raw "
    + "gradients, as eli5 0.16 (Keras 3) does."

func heatmapTensor(_ heatmap: Heatmap) -> Tensor { Tensor(shape: [heatmap.height, heatmap.width], scalars: heatmap.values) }

/// `targets: [3]`, `targets: 3` or none.
private func targetsArgument(_ args: Arguments) throws -> [Int]? {
    if args.isNone("targets") { return nil }
    let items: [Value]
    if case .number = args["targets"] { items = [args["targets"]] } else { items = try args.items("targets") }
    return try items.map { item in
        guard case .number(let n) = item, let index = item.wholeNumber else {
            throw args.fail("targets", expected: "a class index or a list of one, like [3]")
        }
        guard n >= 0 else {
            throw BuiltinError("\(args.builtin.name): class indexes cannot be negative, got \(item.shortDescription) in 'targets'",
                               argument: "targets", help: "classes are numbered from 0")
        }
        return index
    }
}

/// A layer name (`"conv2d_1"`) or position (`-1`).
private func layerArgument(_ args: Arguments, of model: Sequential) throws -> LayerReference? {
    switch args["layer"] {
    case .none: return nil
    case .string(let name):
        let names = model.layers.map(\.name)
        guard names.contains(name) else {
            // Said here rather than by the model, so the caret points at the argument.
            throw BuiltinError("\(args.builtin.name): model '\(model.name)' has no layer named \(quoted(name))",
                               argument: "layer",
                               help: Suggestions.didYouMean(name, among: names)
                                   ?? "its layers are " + names.joined(separator: ", "))
        }
        return .name(name)
    case .number: return .index(try args.int("layer"))
    default: throw args.fail("layer", expected: "a layer name like \"conv2d_1\" or a position like -1")
    }
}

private func alphaLimitArgument(_ args: Arguments) throws -> Double? {
    args.isNone("alpha_limit") ? nil : try args.number("alpha_limit")
}
