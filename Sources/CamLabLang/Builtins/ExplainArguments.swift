import CamLabCore
import CamLabExplain
import CamLabNN

/// CamLabExplain's target, named apart from the language's assignment targets.
typealias ExplainTarget = CamLabExplain.Target

/// What `help(explain)` says: every method and option in one place, each method's own `help(name)` for more.
let explainDoc = "Explains the model's predictions: one image (or a batch of one, as eli5 takes it) gives an "
    + "explanation, a batch (N, height, width, channels) a list of them, computed a batch at a time. method "
    + "(default Grad-CAM, as eli5 computes it): "
    + methodList(\.needsSpatialLayer) + " read a convolution or pooling layer (layer:, or layers: [...] to "
    + "average several; before_activation: true reads a layer's values before its own activation, a conv2d's "
    + "output before its relu, as captum's LayerGradCam on a Conv2d followed by a ReLU module); "
    + methodList { !$0.needsSpatialLayer } + " work on the pixels of any classifier; "
    + "help(method) describes each. target: a class index, or a class name with names: class_names; targets: "
    + "one per image; by default the predicted class. score: logit or probability (default: the method's own). "
    + "counterfactual: true shows what speaks against the class. map: relu_minmax, relu_max, abs, signed or raw; "
    + "upsample: true brings a layer's map to the image's size. Method settings: samples, noise, seed "
    + "(smoothgrad); steps, integration, baseline (integrated_gradients); window, stride, baseline (occlusion); "
    + "weights: \"paper\", \"pytorch_grad_cam\" or \"official\" (scorecam: the increase over a blank image, a "
    + "softmax over the channels as pytorch-grad-cam, or the masked score as the paper's code); "
    + "for gradcam, " + normalizeGradientsDoc + " batch_size: images per pass. colormap (default "
    + "viridis, coolwarm for signed maps), alpha_limit and resampling are format_as_image's."

private func methodList(_ include: (ExplanationMethod) -> Bool) -> String {
    ExplanationMethod.all.filter(include).map(\.name).joined(separator: ", ")
}

/// The methods as named values, `method: gradcam_plus_plus`, each with its `help`. `gradcam` is also eli5's
/// `gradcam` builtin, which `method:` accepts as the method.
func registerMethodConstants(in r: BuiltinRegistry) {
    for method in ExplanationMethod.all where method.name != "gradcam" {
        r.constant(method.name, kind: "method", doc: methodHelp(method))
    }
    for kind in ScoreKind.allCases {
        r.constant(kind.rawValue, kind: "score", doc: kind == .logit
            ? "explain the class's logit, the last layer's value before softmax (what PyTorch models output)"
            : "explain the class's probability, the softmax output (what Keras models output, as eli5 explains it)")
    }
    for style in MapStyle.allCases where style != .abs {
        r.constant(style.rawValue, kind: "map style", doc: style.summary)
    }
    for rule in IntegrationRule.allCases {
        r.constant(rule.rawValue, kind: "integration", doc: rule == .gaussLegendre
            ? "Gauss–Legendre quadrature (captum's default for Integrated Gradients)"
            : "the trapezoidal rule on equally spaced points")
    }
}

/// `help(layercam)`: what the method does, what it needs, its settings and defaults, and where it comes from.
func methodHelp(_ method: ExplanationMethod) -> String {
    var text = "\(method.title) — \(method.summary). \(method.description) Needs \(method.requirement). "
    text += "Defaults: score \(method.defaultScore?.rawValue ?? "the model's output (probability)"), map "
        + "\(method.defaultStyle.rawValue)"
    if method.needsSpatialLayer { text += method.upsamplesByDefault ? ", upsampled" : ", at the layer's resolution" }
    if !method.options.isEmpty { text += "; settings: " + method.options.joined(separator: ", ") }
    return text + ". " + method.reference
}

/// `method: layercam`, `method: "gradcam++"`, or the `gradcam` builtin standing for the Grad-CAM method.
func methodArgument(_ args: Arguments) throws -> ExplanationMethod {
    let name: String
    switch args["method"] {
    case .named(let named) where named.kind == "method": name = named.name
    case .builtin(let builtin) where builtin.name == "gradcam": name = "gradcam"
    case .string(let text): name = text
    default: throw args.fail("method", expected: "an explanation method (\(methodList { _ in true }))")
    }
    do {
        return try ExplanationMethod.named(name)
    } catch {
        throw BuiltinError("explain: unknown explanation method '\(name)'", argument: "method",
                           help: Suggestions.didYouMean(name, among: ExplanationMethod.all.map(\.name))
                               ?? "choose one of " + methodList { _ in true })
    }
}

/// Everything besides targets and names, checked: a setting given to a method that does not read it is an error.
func explainOptions(_ args: Arguments, method: ExplanationMethod, model: Model) throws -> ExplainOptions {
    var options = ExplainOptions()
    for setting in ["normalize_gradients", "samples", "noise", "seed", "steps", "integration", "baseline", "window",
                    "stride", "weights"] where args.given(setting) && !method.options.contains(setting) {
        let readers = ExplanationMethod.all.filter { $0.options.contains(setting) }.map(\.name)
        throw BuiltinError("explain: \(setting) is a setting of \(readers.joined(separator: " and ")); "
                           + "\(method.name) does not read it", argument: setting,
                           help: "leave it out, or choose method: \(readers[0])")
    }
    options.score = try choice(args, "score", kind: "score", among: ScoreKind.allCases.map(\.rawValue))
        .map { ScoreKind(rawValue: $0)! }
    options.counterfactual = try args.bool("counterfactual")
    options.map = try choice(args, "map", kind: "map style", among: MapStyle.allCases.map(\.rawValue))
        .map { MapStyle(rawValue: $0)! }
    options.upsample = args.isNone("upsample") ? nil : try args.bool("upsample")
    options.layers = try layerArguments(args, of: model)
    options.beforeActivation = try args.bool("before_activation")
    if options.beforeActivation && !method.needsSpatialLayer {
        throw BuiltinError("explain: before_activation chooses which values of a layer a CAM method reads; "
                           + "\(method.name) reads the input pixels", argument: "before_activation",
                           help: "leave it out, or choose a CAM method such as gradcam")
    }
    options.normalizeGradients = try args.bool("normalize_gradients")
    options.samples = try countArgument(args, "samples", atMost: maximumCopies)
    options.noise = try args.float("noise")
    guard options.noise >= 0, options.noise.isFinite else { throw args.fail("noise", expected: "a number 0 or more") }
    let seed = try args.int("seed")
    guard seed >= 0 else { throw args.fail("seed", expected: "a whole number 0 or more") }
    options.seed = UInt64(seed)
    options.steps = try countArgument(args, "steps", atMost: maximumCopies)
    guard let rule = try choice(args, "integration", kind: "integration",
                                among: IntegrationRule.allCases.map(\.rawValue)) else {
        throw args.fail("integration", expected: "gausslegendre or riemann_trapezoid")
    }
    options.integration = IntegrationRule(rawValue: rule)!
    options.baseline = try args.float("baseline")
    options.window = try pairArgument(args, "window")
    options.stride = try pairArgument(args, "stride")
    options.scoreCAMWeights = ScoreCAMWeights(rawValue: try args.named(
        "weights", kind: "Score-CAM weighting", among: ScoreCAMWeights.allCases.map(\.rawValue)))!
    options.batchSize = try args.positiveInt("batch_size")
    options.limits = args.limits
    return options
}

/// SmoothGrad's samples and Integrated Gradients' steps: their papers use tens, captum's users hundreds; beyond
/// this the noise or the quadrature error no longer shrinks visibly, while time grows (Gauss–Legendre's points
/// take time quadratic in their number).
private let maximumCopies = 10_000

private func countArgument(_ args: Arguments, _ name: String, atMost limit: Int) throws -> Int {
    let n = try args.positiveInt(name)
    guard n <= limit else { throw args.fail(name, expected: "a whole number from 1 to \(limit)") }
    return n
}

/// A named value of `kind` (or its name as a string); the `abs` builtin stands for the map style abs.
private func choice(_ args: Arguments, _ name: String, kind: String, among choices: [String]) throws -> String? {
    if args.isNone(name) { return nil }
    if case .builtin(let builtin) = args[name], choices.contains(builtin.name) { return builtin.name }
    return try args.named(name, kind: kind, among: choices)
}

/// `4` for 4×4, or `(4, 2)` for 4 high and 2 wide.
private func pairArgument(_ args: Arguments, _ name: String) throws -> (Int, Int) {
    if case .number = args[name] {
        let n = try args.positiveInt(name)
        return (n, n)
    }
    let items = (try? args.items(name)) ?? []
    guard items.count == 2, let height = items[0].wholeNumber, let width = items[1].wholeNumber,
          height > 0, width > 0 else {
        throw args.fail(name, expected: "a positive whole number or a (height, width) pair")
    }
    return (height, width)
}

/// `target: 3`, `target: "Shirt"`, `targets: [3, 1, …]` or `targets: y_test[0:64]` (one per image), or none.
func targetArguments(_ args: Arguments) throws -> [ExplainTarget] {
    if present(args, "target") && present(args, "targets") {
        throw BuiltinError("explain: give target (one class for every image) or targets (one per image), not both",
                           argument: "targets")
    }
    func target(_ value: Value, _ argument: String) throws -> ExplainTarget {
        switch value {
        case .string(let name): return .name(name)
        case .number(let n):
            guard let index = value.wholeNumber else { throw args.fail(argument, expected: "a class index or name") }
            guard n >= 0 else {
                throw BuiltinError("\(args.builtin.name): class indexes cannot be negative, got "
                                   + "\(value.shortDescription) in '\(argument)'", argument: argument,
                                   help: "classes are numbered from 0")
            }
            return .index(index)
        case .tensor(let t) where t.count == 1: return try target(.number(Double(t.scalars[0])), argument)
        default: throw args.fail(argument, expected: "a class index or name")
        }
    }
    if present(args, "target") { return [try target(args["target"], "target")] }
    switch args["targets"] {
    case .none: return [.predicted]
    case .tensor(let t) where t.rank <= 1:
        return try t.scalars.map { try target(.number(Double($0)), "targets") }
    case .list, .tuple, .range: return try args.items("targets").map { try target($0, "targets") }
    default: return [try target(args["targets"], "targets")]
    }
}

/// `names: class_names`: the class names targets may be given by.
func classNamesArgument(_ args: Arguments) throws -> [String]? {
    args.isNone("names") ? nil : try args.items("names").map { item in
        guard case .string(let name) = item else { throw args.fail("names", expected: "a list of class names") }
        return name
    }
}

/// `targets: [3]`, `targets: 3` or none, for eli5's `gradcam_backend`.
func targetsArgument(_ args: Arguments) throws -> [Int]? {
    let targets = try targetArguments(args)
    if targets == [.predicted] { return nil }
    return try targets.map { target in
        guard case .index(let index) = target else {
            throw args.fail("targets", expected: "a class index or a list of one, like [3]")
        }
        return index
    }
}

/// `layer: "conv2d_1"` or `layer: -1`, or `layers: [...]`, as references; an unknown name is an error at the
/// argument that lists the layers a CAM method can read.
func layerArguments(_ args: Arguments, of model: Model) throws -> [LayerReference] {
    if present(args, "layer") && present(args, "layers") {
        throw BuiltinError("explain: give layer (one) or layers (several, averaged), not both", argument: "layers")
    }
    func reference(_ value: Value, _ argument: String) throws -> LayerReference {
        switch value {
        case .string(let name):
            let names = model.layers.map(\.name)
            guard names.contains(name) else {
                // Said here rather than by the model, so the caret points at the argument.
                let readable = model.spatialLayerIndices.map { model.layers[$0].name }
                throw BuiltinError("\(args.builtin.name): model '\(model.name)' has no layer named \(quoted(name))",
                                   argument: argument,
                                   help: Suggestions.didYouMean(name, among: names)
                                       ?? (readable.isEmpty ? "its layers are " + names.joined(separator: ", ")
                                                            : "layers a CAM method can read: "
                                                                + readable.joined(separator: ", ")))
            }
            return .name(name)
        case .number:
            guard let index = value.wholeNumber else {
                throw args.fail(argument, expected: "a layer name like \"conv2d_1\" or a position like -1")
            }
            return .index(index)
        default: throw args.fail(argument, expected: "a layer name like \"conv2d_1\" or a position like -1")
        }
    }
    if !args.isNone("layer") { return [try reference(args["layer"], "layer")] }
    guard present(args, "layers") else { return [] }
    let items = try args.items("layers")
    guard !items.isEmpty else { throw args.fail("layers", expected: "a list of one or more layers") }
    return try items.map { try reference($0, "layers") }
}

func alphaLimitArgument(_ args: Arguments) throws -> Double? {
    args.isNone("alpha_limit") ? nil : try args.number("alpha_limit")
}

/// True when the builtin has the parameter and the call gave it a value other than none.
private func present(_ args: Arguments, _ name: String) -> Bool {
    args.builtin.parameters.contains { $0.name == name } && !args.isNone(name)
}
