import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabLang
import CamLabNN
import CamLabPlot
#if canImport(Glibc)
import Glibc
#endif

/// Judging maps: faithfulness metrics, sanity checks and `compare`, over CamLabExplain's judging code.
func registerJudgingBuiltins(in r: BuiltinRegistry) {
    r.constant("random", kind: "method", doc: randomMethodDoc)
    for metric in [FaithfulnessMetric.drop, .increase] {
        r.constant(metric.rawValue, kind: "faithfulness metric", doc: metric.summary.prefix(1).uppercased()
                   + metric.summary.dropFirst() + ".")
    }
    registerFaithfulnessBuiltins(in: r)
    r.register([SanityCheckBuiltin.self, RandomLogitCheckBuiltin.self, Exists.self])
}

struct Exists: BuiltinFunction {
    static let configuration = BuiltinConfiguration("exists", topic: "files",
        "True when a file (or folder) exists at path: if exists(\"out/model.safetensors\") { … }.")
    @Positional var path: FilePath
    func run(_ call: BuiltinCall) throws -> Value { .bool(access(path.path, F_OK) == 0) }
}

private func registerFaithfulnessBuiltins(in r: BuiltinRegistry) {
    for metric in CausalMetric.allCases {
        let configuration = BuiltinConfiguration(metric.rawValue, topic: "judging maps",
            "The \(metric.rawValue) curve and its area (Petsiuk et al. 2018, RISE): "
            + (metric == .deletion
               ? "black out the pixels the map ranks highest first, step pixels at a time (the image's width by "
                 + "default), and follow the class's score; a faithful map makes it fall at once (lower AUC is better). "
               : "put the pixels the map ranks highest back first onto a blurred copy (RISE's 11×11 Gaussian, "
                 + "sigma 5) and follow the score; a faithful map makes it rise at once (higher AUC is better). ")
            + "x is one image or a batch; explanation is an explanation, a list of them, or map tensors; the class "
            + "is the explanation's (or target:, or the prediction). substrate: zeros, blur or mean. "
            + "plot(curve) draws it.")
        r.register(configuration) { CausalCurveBuiltin(metric: metric) }
    }
    r.register([ConfidenceChangeBuiltin.self, ROADBuiltin.self, FaithfulnessBuiltin.self, CompareBuiltin.self])
}

/// What every metric builtin judges: the model, the images, and the explanations or maps of them.
struct JudgedMaps: ParameterGroup {
    @Positional var model: Model
    @Positional var x: Tensor
    @Positional var explanation: Value
    @Labelled var target: Value = .none

    /// The images (one becomes a batch of one), their maps and their classes.
    func resolve() throws -> (images: Tensor, maps: [Heatmap], targets: [Int]) {
        let images = try imagesArgument(x, $x, model: model)
        let (maps, targets) = try judgedMaps($explanation, target: $target, model: model, images: images)
        return (images, maps, targets)
    }
}

/// `deletion(…)` and `insertion(…)`.
struct CausalCurveBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("deletion", topic: "judging maps", "")
    var metric = CausalMetric.deletion
    @Group var judged: JudgedMaps
    @Labelled var step: Int? = nil
    @Labelled var substrate: Value = .string("zeros")
    @Labelled(.seed) var seed = 0

    init() {}
    init(metric: CausalMetric) {
        self.metric = metric
        _substrate = Labelled(wrappedValue: .string(metric == .deletion ? "zeros" : "blur"))
    }

    func run(_ call: BuiltinCall) throws -> Value {
        let (images, maps, targets) = try judged.resolve()
        return .object(CurveObject(try causalCurve(metric, model: judged.model, images: images, maps: maps,
                                                   targets: targets, step: step, substrate: try substrateArgument(substrate, $substrate),
                                                   seed: UInt64(seed), budget: call.budget)))
    }
}

struct ConfidenceChangeBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("confidence_change", topic: "judging maps",
        "Multiplies the image by its map (scaled to [0, 1]) and scores the class again, as pytorch-grad-cam's "
        + "DropInConfidence and IncreaseInConfidence: .drop is max(0, before − after) (lower is better), "
        + ".increase the share of images whose score rose (higher is better).")
    @Group var judged: JudgedMaps

    func run(_ call: BuiltinCall) throws -> Value {
        let (images, maps, targets) = try judged.resolve()
        return .object(ConfidenceChangeObject(try confidenceChange(model: judged.model, images: images, maps: maps,
                                                                   targets: targets)))
    }
}

struct ROADBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("road", topic: "judging maps",
        "ROAD, remove and debias (Rong et al. 2022): removes each fraction of the pixels, most relevant first "
        + "and least relevant first, fills them by noisy linear imputation (each the weighted mean of its "
        + "neighbours plus noise) and scores the class again. .score is pytorch-grad-cam's ROADCombined: "
        + "(least-first change − most-first change) / 2, higher is better; plot(r) draws both curves.")
    @Group var judged: JudgedMaps
    @Labelled var fractions: [Value] = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map { .number($0) }
    @Labelled var noise: Float = 0.01
    @Labelled(.seed) var seed = 0

    func run(_ call: BuiltinCall) throws -> Value {
        let (images, maps, targets) = try judged.resolve()
        let fractions = try fractions.map { item -> Double in
            guard case .number(let f) = item else { throw $fractions.fail(expected: "a list of numbers between 0 and 1") }
            return f
        }
        return .object(ROADObject(try road(model: judged.model, images: images, maps: maps, targets: targets,
                                           fractions: fractions, noise: noise, seed: UInt64(seed), budget: call.budget)))
    }
}

struct FaithfulnessBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("faithfulness", topic: "judging maps",
        "Every method's faithfulness on the images x, one row per method (any of explain's methods, see "
        + "help(explain), and random), one column per metric "
        + "(deletion ↓, insertion ↑, drop ↓, increase ↑, road ↑; * marks the best). Each image's predicted class "
        + "is explained. Keep random among the methods: a method that does not beat it explains nothing.")
    @Positional var model: Model
    @Positional var x: Tensor
    @Labelled var methods: [Value] = ["gradcam", "saliency", "random"].map { .string($0) }
    @Labelled var layer: Value = .none
    @Labelled var metrics: [Value] = ["deletion", "insertion", "drop", "increase", "road"].map { .string($0) }
    @Labelled(.seed) var seed = 0

    func run(_ call: BuiltinCall) throws -> Value {
        let images = try imagesArgument(x, $x, model: model)
        return .object(FaithfulnessObject(try faithfulnessTable(
            model: model, images: images, methods: try methodsArgument(methods, $methods, call),
            layer: try optionalLayerArgument(layer, $layer, model: model),
            metrics: try metricsArgument(metrics, $metrics), seed: UInt64(seed))))
    }
}

struct CompareBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("compare", topic: "judging maps",
        "One labelled grid of every method (across; any of explain's methods and random) on every layer "
        + "(down; methods that read no layer once), "
        + "each map blended with the image with its faithfulness scores beneath, the best in green. x is one "
        + "image; names: the class names, for the title (or title: your own); path: also saves it (.png or "
        + ".svg).")
    @Positional var model: Model
    @Positional var x: Tensor
    @Labelled var methods: [Value] = ["gradcam", "saliency"].map { .string($0) }
    @Labelled var layers: [Value]? = nil
    @Labelled var metrics: [Value] = ["deletion", "insertion"].map { .string($0) }
    @Labelled var target: Int? = nil
    @Labelled var names: [Value]? = nil
    @Labelled var title: String? = nil
    @Labelled var colormap: Colormap? = .viridis
    @Labelled var path: FilePath? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        let images = try imagesArgument(x, $x, model: model)
        guard images.shape[0] == 1 else {
            throw $x.error("compare: x holds \(images.shape[0]) images; compare explains one",
                           help: "pick one image, e.g. x_test[7]")
        }
        let layers = try (layers ?? []).map { try layerReference($0, $layers, model: model) }
        let comparison = try compare(model: model, image: images, methods: try methodsArgument(methods, $methods, call),
                                     layers: layers, metrics: try metricsArgument(metrics, $metrics), target: target)
        let names = classNames(names)
        let grid = try comparison.grid(title: title,
                                       className: names.indices.contains(comparison.target) ? names[comparison.target] : nil,
                                       colormap: colormap ?? .viridis)
        return try display(ComparisonObject(comparison, grid: grid), path: path, $path, call)
    }
}

/// What both sanity checks take besides their own options.
struct SanityOptions: ParameterGroup {
    @Positional var model: Model
    @Positional var x: Tensor
    @Labelled var methods: [Value] = ["gradcam", "saliency"].map { .string($0) }
    @Labelled var layer: Value = .none
    @Labelled(.threshold) var threshold = 0.5
    @Labelled(.seed) var seed = 0

    /// Runs `check` (cascading randomisation or the random-logit check) with these arguments, checked.
    func run<Result>(_ check: (Model, Tensor, [MapMethod], LayerReference?, Double, UInt64) throws -> Result,
                     _ call: BuiltinCall) throws -> Result {
        try check(model, try imagesArgument(x, $x, model: model), try methodsArgument(methods, $methods, call),
                  try optionalLayerArgument(layer, $layer, model: model), threshold, UInt64(seed))
    }
}

struct SanityCheckBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("sanity_check", topic: "judging maps",
        "Adebayo et al.'s cascading randomisation of each method (any of explain's) on a copy of the model "
        + "(yours is left untouched): the layers' "
        + "weights are drawn afresh from the top layer down, one more at a time, and each method's map is "
        + "compared with the trained model's by Spearman's rank correlation. A method passes when the map of "
        + "the fully randomised model is unlike the trained one's (|rho| below threshold); one that fails "
        + "shows the picture, not what the model learned. Prints the table and draws the maps as a grid; "
        + "path: also saves it (.png or .svg).")
    @Group var check: SanityOptions
    @Labelled var colormap: Colormap? = .viridis
    @Labelled var path: FilePath? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        let result = try check.run({ try cascadingRandomization(model: $0, images: $1, methods: $2, layer: $3,
                                                                threshold: $4, seed: $5) }, call)
        let object = SanityCheckObject(result, grid: try result.grid(colormap: colormap ?? .viridis))
        call.output.receive(.text(object.summary + "\n"))
        return try display(object, path: path, $path, call)
    }
}

struct RandomLogitCheckBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("random_logit_check", topic: "judging maps",
        "Explains the predicted class and a random other class (Sixt et al. 2020) and compares the two maps by "
        + "Spearman's rank correlation: a method passes when they differ (|rho| below threshold). Prints the "
        + "table and draws the maps; path: also saves the grid (.png or .svg).")
    @Group var check: SanityOptions
    @Labelled var names: [Value]? = nil
    @Labelled var colormap: Colormap? = .viridis
    @Labelled var path: FilePath? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        let result = try check.run({ try randomLogitCheck(model: $0, images: $1, methods: $2, layer: $3,
                                                          threshold: $4, seed: $5) }, call)
        let object = RandomLogitObject(result, grid: try result.grid(classNames: classNames(names),
                                                                     colormap: colormap ?? .viridis))
        call.output.receive(.text(object.summary + "\n"))
        return try display(object, path: path, $path, call)
    }
}

/// Shows the object's picture, saves it when `path:` asks, and returns it (marked as shown, so a notebook does
/// not show it twice).
private func display(_ object: some DisplayableObject, path: FilePath?, _ slot: ParameterSlot,
                     _ call: BuiltinCall) throws -> Value {
    if let path {
        _ = try Value.object(object).save(to: path.path, budget: call.budget, builtin: call.name, argument: slot.name)
    }
    call.output.receive(.picture(.plot(object.plot.chart)))
    call.interpreter.displayedObject = ObjectIdentifier(object)
    return .object(object)
}

private func substrateArgument(_ value: Value, _ slot: ParameterSlot) throws -> Substrate {
    let choices = ["zeros", "blur", "mean"]
    guard let name = nameOf(value) else {
        throw slot.fail(expected: "zeros, blur or mean")
    }
    switch name {
    case "zeros": return .zeros
    case "mean": return .mean
    case "blur": return .riseBlur
    default:
        throw slot.error("\(slot.builtinName): unknown substrate \(quoted(name))",
                           help: Suggestions.didYouMean(name, among: choices) ?? "choose zeros, blur or mean")
    }
}

/// `names: data.class_names`, or none.
private func classNames(_ names: [Value]?) -> [String] {
    (names ?? []).map { if case .string(let s) = $0 { s } else { $0.printed } }
}
