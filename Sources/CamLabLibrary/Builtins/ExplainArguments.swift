import CamLabCore
import CamLabExplain
import CamLabLang
import CamLabNN

/// CamLabExplain's target, named apart from the language's assignment targets.
typealias ExplainTarget = CamLabExplain.Target

/// What `help(explain)` says: every method and option in one place, each method's own `help(name)` for more.
let explainDoc = "Explains the model's predictions: one image (or a batch of one, as eli5 takes it) gives an "
    + "explanation, a batch (N, height, width, channels) a list of them, computed a batch at a time; a dataset "
    + "from image_dataset_from_directory a list for its pictures, named by its class names. method "
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

extension ScoreKind: NamedChoice { public static let kind = "score" }
extension MapStyle: NamedChoice { public static let kind = "map style" }
extension IntegrationRule: NamedChoice { public static let kind = "integration" }
extension ScoreCAMWeights: NamedChoice { public static let kind = "Score-CAM weighting" }

/// `method: layercam`, `method: "gradcam++"`, or the `gradcam` builtin standing for the Grad-CAM method.
extension ExplanationMethod: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> ExplanationMethod {
        let name: String
        switch slot.value {
        case .named(let named) where named.kind == "method": name = named.name
        case .builtin(let builtin) where builtin.name == "gradcam": name = "gradcam"
        case .string(let text): name = text
        default: throw slot.fail(expected: "an explanation method (\(methodList { _ in true }))")
        }
        do {
            return try ExplanationMethod.named(name)
        } catch {
            throw slot.error("explain: unknown explanation method '\(name)'",
                             help: Suggestions.didYouMean(name, among: ExplanationMethod.all.map(\.name))
                                 ?? "choose one of " + methodList { _ in true })
        }
    }
    public var shownAsDefault: String { name.shownAsDefault }
}

extension ExplanationObject: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> ExplanationObject {
        try slot.object(ExplanationObject.self, expected: "an explanation (from explain)")
    }
    public var shownAsDefault: String { "explanation" }
}

/// The settings only some methods read, each refused when given to a method that does not read it.
struct MethodSettings: ParameterGroup {
    @Labelled var normalizeGradients = true
    @Labelled(.copies) var samples = 50
    @Labelled var noise: Float = 0.15
    @Labelled var seed = 0
    @Labelled(.copies) var steps = 50
    @Labelled var integration: IntegrationRule? = .gaussLegendre
    @Labelled var baseline: Float = 0
    @Labelled var window = Pair(4)
    @Labelled var stride = Pair(2)
    @Labelled(shown: "\"paper\"") var weights = ScoreCAMWeights.paper

    /// Sets `options` from these settings, refusing one given to a method that does not read it.
    func apply(to options: inout ExplainOptions, method: ExplanationMethod) throws {
        for slot in [$normalizeGradients, $samples, $noise, $seed, $steps, $integration, $baseline, $window, $stride,
                     $weights] where slot.isGiven && !method.options.contains(slot.name) {
            let readers = ExplanationMethod.all.filter { $0.options.contains(slot.name) }.map(\.name)
            throw slot.error("explain: \(slot.name) is a setting of \(readers.joined(separator: " and ")); "
                             + "\(method.name) does not read it", help: "leave it out, or choose method: \(readers[0])")
        }
        options.normalizeGradients = normalizeGradients
        options.samples = samples
        guard noise >= 0, noise.isFinite else { throw $noise.fail(expected: "a number 0 or more") }
        options.noise = noise
        guard seed >= 0 else { throw $seed.fail(expected: "a whole number 0 or more") }
        options.seed = UInt64(seed)
        options.steps = steps
        guard let integration else { throw $integration.fail(expected: "gausslegendre or riemann_trapezoid") }
        options.integration = integration
        options.baseline = baseline
        options.window = window.tuple
        options.stride = stride.tuple
        options.scoreCAMWeights = weights
    }
}

extension Check where T == Int {
    /// SmoothGrad's samples and Integrated Gradients' steps: their papers use tens, captum's users hundreds; beyond
    /// this the noise or the quadrature error no longer shrinks visibly, while time grows (Gauss–Legendre's points
    /// take time quadratic in their number).
    static var copies: Check {
        Check { n, slot in
            try Check.positive.validate(n, slot)
            guard n <= 10_000 else { throw slot.fail(expected: "a whole number from 1 to 10000") }
        }
    }
}

/// `target: 3`, `target: "Shirt"`, `targets: [3, 1, …]` or `targets: y_test[0:64]` (one per image), or none.
func targetArguments(target targetSlot: ParameterSlot?, targets targetsSlot: ParameterSlot) throws -> [ExplainTarget] {
    let targetGiven = targetSlot.map { !isNone($0.value) } ?? false
    if targetGiven && !isNone(targetsSlot.value) {
        throw targetsSlot.error("explain: give target (one class for every image) or targets (one per image), not both")
    }
    func target(_ value: Value, _ slot: ParameterSlot) throws -> ExplainTarget {
        switch value {
        case .string(let name): return .name(name)
        case .number(let n):
            guard let index = value.wholeNumber else { throw slot.fail(expected: "a class index or name") }
            guard n >= 0 else {
                throw slot.error("\(slot.builtinName): class indexes cannot be negative, got "
                                 + "\(value.shortDescription) in '\(slot.name)'", help: "classes are numbered from 0")
            }
            return .index(index)
        case .tensor(let t) where t.count == 1: return try target(.number(Double(t.scalars[0])), slot)
        default: throw slot.fail(expected: "a class index or name")
        }
    }
    if targetGiven, let targetSlot { return [try target(targetSlot.value, targetSlot)] }
    switch targetsSlot.value {
    case .none: return [.predicted]
    case .tensor(let t) where t.rank <= 1:
        return try t.scalars.map { try target(.number(Double($0)), targetsSlot) }
    case .list, .tuple, .range: return try [Value].argument(targetsSlot).map { try target($0, targetsSlot) }
    default: return [try target(targetsSlot.value, targetsSlot)]
    }
}

/// `names: class_names`: the class names targets may be given by.
func classNamesArgument(_ names: [Value]?, _ slot: ParameterSlot) throws -> [String]? {
    try names?.map { item in
        guard case .string(let name) = item else { throw slot.fail(expected: "a list of class names") }
        return name
    }
}

/// `targets: [3]`, `targets: 3` or none, for eli5's `gradcam_backend`.
func targetsArgument(_ slot: ParameterSlot) throws -> [Int]? {
    let targets = try targetArguments(target: nil, targets: slot)
    if targets == [.predicted] { return nil }
    return try targets.map { target in
        guard case .index(let index) = target else {
            throw slot.fail(expected: "a class index or a list of one, like [3]")
        }
        return index
    }
}

/// `layer: "conv2d_1"` or `layer: -1`, or `layers: [...]`, as references; an unknown name is an error at the
/// argument that lists the layers a CAM method can read.
func layerArguments(layer layerSlot: ParameterSlot, layers layersSlot: ParameterSlot?, of model: Model) throws
    -> [LayerReference] {
    let layersGiven = layersSlot.map { !isNone($0.value) } ?? false
    if !isNone(layerSlot.value) && layersGiven {
        throw layersSlot!.error("explain: give layer (one) or layers (several, averaged), not both")
    }
    if !isNone(layerSlot.value) { return [try layerReference(layerSlot.value, layerSlot, model: model)] }
    guard layersGiven, let layersSlot else { return [] }
    let items = try [Value].argument(layersSlot)
    guard !items.isEmpty else { throw layersSlot.fail(expected: "a list of one or more layers") }
    return try items.map { try layerReference($0, layersSlot, model: model) }
}

private func isNone(_ value: Value) -> Bool {
    if case .none = value { return true }
    return false
}
