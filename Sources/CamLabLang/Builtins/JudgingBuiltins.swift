import CamLabCore
import CamLabExplain
import CamLabImaging
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
    registerSanityBuiltins(in: r)
    r.define("exists(path)", topic: "files",
             "True when a file (or folder) exists at path: if exists(\"out/model.safetensors\") { … }.") { args, _ in
        .bool(access(try args.path("path"), F_OK) == 0)
    }
}

private func registerFaithfulnessBuiltins(in r: BuiltinRegistry) {
    for metric in CausalMetric.allCases {
        let substrate = metric == .deletion ? "zeros" : "blur"
        r.define("\(metric.rawValue)(model, x, explanation, target: none, step: none, substrate: \"\(substrate)\", seed: 0)",
                 topic: "judging maps",
                 "The \(metric.rawValue) curve and its area (Petsiuk et al. 2018, RISE): "
                 + (metric == .deletion
                    ? "black out the pixels the map ranks highest first, step pixels at a time (the image's width by "
                      + "default), and follow the class's score; a faithful map makes it fall at once (lower AUC is better). "
                    : "put the pixels the map ranks highest back first onto a blurred copy (RISE's 11×11 Gaussian, "
                      + "sigma 5) and follow the score; a faithful map makes it rise at once (higher AUC is better). ")
                 + "x is one image or a batch; explanation is an explanation, a list of them, or map tensors; the class "
                 + "is the explanation's (or target:, or the prediction). substrate: zeros, blur or mean. "
                 + "plot(curve) draws it.") { args, _ in
            let (m, images, maps, targets) = try judged(args)
            let step = try args.optionalInt("step")
            return .object(CurveObject(try causalCurve(metric, model: m, images: images, maps: maps, targets: targets,
                                                       step: step, substrate: try substrateArgument(args),
                                                       seed: try seedArgument(args), budget: args.budget)))
        }
    }
    r.define("confidence_change(model, x, explanation, target: none)", topic: "judging maps",
             "Multiplies the image by its map (scaled to [0, 1]) and scores the class again, as pytorch-grad-cam's "
             + "DropInConfidence and IncreaseInConfidence: .drop is max(0, before − after) (lower is better), "
             + ".increase the share of images whose score rose (higher is better).") { args, _ in
        let (m, images, maps, targets) = try judged(args)
        return .object(ConfidenceChangeObject(try confidenceChange(model: m, images: images, maps: maps, targets: targets)))
    }
    r.define("road(model, x, explanation, target: none, fractions: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9], "
             + "noise: 0.01, seed: 0)", topic: "judging maps",
             "ROAD, remove and debias (Rong et al. 2022): removes each fraction of the pixels, most relevant first "
             + "and least relevant first, fills them by noisy linear imputation (each the weighted mean of its "
             + "neighbours plus noise) and scores the class again. .score is pytorch-grad-cam's ROADCombined: "
             + "(least-first change − most-first change) / 2, higher is better; plot(r) draws both curves.") { args, _ in
        let (m, images, maps, targets) = try judged(args)
        let fractions = try args.items("fractions").map { item -> Double in
            guard case .number(let f) = item else { throw args.fail("fractions", expected: "a list of numbers between 0 and 1") }
            return f
        }
        return .object(ROADObject(try road(model: m, images: images, maps: maps, targets: targets, fractions: fractions,
                                           noise: try args.float("noise"), seed: try seedArgument(args),
                                           budget: args.budget)))
    }
    r.define("faithfulness(model, x, methods: [\"gradcam\", \"saliency\", \"random\"], layer: none, "
             + "metrics: [\"deletion\", \"insertion\", \"drop\", \"increase\", \"road\"], seed: 0)", topic: "judging maps",
             "Every method's faithfulness on the images x, one row per method (any of explain's methods, see "
             + "help(explain), and random), one column per metric "
             + "(deletion ↓, insertion ↑, drop ↓, increase ↑, road ↑; * marks the best). Each image's predicted class "
             + "is explained. Keep random among the methods: a method that does not beat it explains nothing.") { args, _ in
        let m = try model(args)
        let images = try imagesArgument(args, model: m)
        return .object(FaithfulnessObject(try faithfulnessTable(
            model: m, images: images, methods: try methodsArgument(args), layer: try optionalLayerArgument(args, "layer", model: m),
            metrics: try metricsArgument(args), seed: try seedArgument(args))))
    }
    r.define("compare(model, x, methods: [\"gradcam\", \"saliency\"], layers: none, "
             + "metrics: [\"deletion\", \"insertion\"], "
             + "target: none, names: none, title: none, colormap: viridis, path: none)", topic: "judging maps",
             "One labelled grid of every method (across; any of explain's methods and random) on every layer "
             + "(down; methods that read no layer once), "
             + "each map blended with the image with its faithfulness scores beneath, the best in green. x is one "
             + "image; names: the class names, for the title (or title: your own); path: also saves it (.png or "
             + ".svg).") { args, interpreter in
        let m = try model(args)
        let images = try imagesArgument(args, model: m)
        guard images.shape[0] == 1 else {
            throw BuiltinError("compare: x holds \(images.shape[0]) images; compare explains one", argument: "x",
                               help: "pick one image, e.g. x_test[7]")
        }
        let layers = args.isNone("layers") ? [] : try args.items("layers").map { try layerReference($0, args, "layers", model: m) }
        let target = try args.optionalInt("target")
        let comparison = try compare(model: m, image: images, methods: try methodsArgument(args), layers: layers,
                                     metrics: try metricsArgument(args), target: target)
        let names = try classNames(args)
        let grid = try comparison.grid(title: try args.optionalString("title"), className: names.indices.contains(comparison.target) ? names[comparison.target] : nil,
                                       colormap: try colormapArgument(args, "colormap") ?? .viridis)
        return try display(ComparisonObject(comparison, grid: grid), args, interpreter)
    }
}

private func registerSanityBuiltins(in r: BuiltinRegistry) {
    r.define("sanity_check(model, x, methods: [\"gradcam\", \"saliency\"], layer: none, threshold: 0.5, seed: 0, "
             + "colormap: viridis, path: none)", topic: "judging maps",
             "Adebayo et al.'s cascading randomisation of each method (any of explain's) on a copy of the model "
             + "(yours is left untouched): the layers' "
             + "weights are drawn afresh from the top layer down, one more at a time, and each method's map is "
             + "compared with the trained model's by Spearman's rank correlation. A method passes when the map of "
             + "the fully randomised model is unlike the trained one's (|rho| below threshold); one that fails "
             + "shows the picture, not what the model learned. Prints the table and draws the maps as a grid; "
             + "path: also saves it (.png or .svg).") { args, interpreter in
        let m = try model(args)
        let images = try imagesArgument(args, model: m)
        let result = try cascadingRandomization(model: m, images: images, methods: try methodsArgument(args),
                                                layer: try optionalLayerArgument(args, "layer", model: m),
                                                threshold: try thresholdArgument(args), seed: try seedArgument(args))
        let object = SanityCheckObject(result, grid: try result.grid(colormap: try colormapArgument(args, "colormap") ?? .viridis))
        interpreter.output.receive(.text(object.summary + "\n"))
        return try display(object, args, interpreter)
    }
    r.define("random_logit_check(model, x, methods: [\"gradcam\", \"saliency\"], layer: none, threshold: 0.5, seed: 0, "
             + "names: none, colormap: viridis, path: none)", topic: "judging maps",
             "Explains the predicted class and a random other class (Sixt et al. 2020) and compares the two maps by "
             + "Spearman's rank correlation: a method passes when they differ (|rho| below threshold). Prints the "
             + "table and draws the maps; path: also saves the grid (.png or .svg).") { args, interpreter in
        let m = try model(args)
        let images = try imagesArgument(args, model: m)
        let result = try randomLogitCheck(model: m, images: images, methods: try methodsArgument(args),
                                          layer: try optionalLayerArgument(args, "layer", model: m),
                                          threshold: try thresholdArgument(args), seed: try seedArgument(args))
        let object = RandomLogitObject(result, grid: try result.grid(classNames: try classNames(args),
                                                                     colormap: try colormapArgument(args, "colormap") ?? .viridis))
        interpreter.output.receive(.text(object.summary + "\n"))
        return try display(object, args, interpreter)
    }
}

/// The model, the images (one becomes a batch of one), their maps and their classes, for the metric builtins.
private func judged(_ args: Arguments) throws -> (Model, Tensor, [Heatmap], [Int]) {
    let m = try model(args)
    let images = try imagesArgument(args, model: m)
    let (maps, targets) = try judgedMaps(args, model: m, images: images)
    return (m, images, maps, targets)
}

/// Shows the object's picture, saves it when `path:` asks, and returns it (marked as shown, so a notebook does
/// not show it twice).
private func display(_ object: some DisplayableObject, _ args: Arguments, _ interpreter: Interpreter) throws -> Value {
    if !args.isNone("path"), case let path = try args.path("path") {
        _ = try Value.object(object).save(to: path, budget: args.budget, builtin: args.builtin.name, argument: "path")
    }
    interpreter.output.receive(.picture(.plot(object.plot)))
    interpreter.displayedObject = ObjectIdentifier(object)
    return .object(object)
}

private func substrateArgument(_ args: Arguments) throws -> Substrate {
    let choices = ["zeros", "blur", "mean"]
    guard let name = nameOf(args["substrate"]) else { throw args.fail("substrate", expected: "zeros, blur or mean") }
    switch name {
    case "zeros": return .zeros
    case "mean": return .mean
    case "blur": return .riseBlur
    default:
        throw BuiltinError("\(args.builtin.name): unknown substrate \(quoted(name))", argument: "substrate",
                           help: Suggestions.didYouMean(name, among: choices) ?? "choose zeros, blur or mean")
    }
}

/// `names: data.class_names`, or none.
private func classNames(_ args: Arguments) throws -> [String] {
    if args.isNone("names") { return [] }
    return try args.items("names").map { if case .string(let s) = $0 { s } else { $0.printed } }
}

private func model(_ args: Arguments) throws -> Model {
    try args.object("model", as: ModelObject.self, expected: "a model").model
}
