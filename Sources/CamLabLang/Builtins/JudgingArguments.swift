import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabNN

/// The baseline the judging builtins add to the registry's methods: `random`, a map of noise.
let randomMethodDoc = "A map of uniform noise, for the judging builtins (faithfulness, compare, sanity_check): the "
    + "baseline every method must beat."

/// `methods: [gradcam, layercam, saliency, random]`: the registry's methods (named values, strings with
/// pytorch-grad-cam's and captum's spellings, or the `gradcam` builtin) and `random`.
func methodsArgument(_ args: Arguments, _ name: String = "methods") throws -> [MapMethod] {
    let items = try args.items(name)
    guard !items.isEmpty else {
        throw BuiltinError("\(args.builtin.name): '\(name)' is empty", argument: name,
                           help: "name at least one method, e.g. [gradcam, saliency]")
    }
    let known = ExplanationMethod.all.map(\.name) + ["random"]
    return try items.map { item in
        guard let text = nameOf(item) else {
            throw args.fail(name, expected: "a list of methods such as [gradcam, saliency]")
        }
        if text == "random" { return .random() }
        guard let method = try? ExplanationMethod.named(text) else {
            throw BuiltinError("\(args.builtin.name): unknown method \(quoted(text)) in '\(name)'", argument: name,
                               help: Suggestions.didYouMean(text, among: known)
                                   ?? "the methods are " + known.joined(separator: ", "))
        }
        var options = ExplainOptions()
        options.limits = args.limits
        return MapMethod(method, options: options)
    }
}

/// `metrics: [deletion, insertion]`: names as constants, strings or the builtins of the same name.
func metricsArgument(_ args: Arguments, _ name: String = "metrics") throws -> [FaithfulnessMetric] {
    try args.items(name).map { item in
        let known = FaithfulnessMetric.allCases.map(\.rawValue)
        guard let text = nameOf(item) else {
            throw args.fail(name, expected: "a list of metrics such as [deletion, insertion]")
        }
        guard let metric = FaithfulnessMetric(rawValue: text) else {
            throw BuiltinError("\(args.builtin.name): unknown metric \(quoted(text)) in '\(name)'", argument: name,
                               help: Suggestions.didYouMean(text, among: known)
                                   ?? "the metrics are " + known.joined(separator: ", "))
        }
        return metric
    }
}

/// The name a list item stands for: a string, a named constant, or a builtin function.
func nameOf(_ value: Value) -> String? {
    switch value {
    case .string(let s): return s
    case .named(let named): return named.name
    case .builtin(let builtin): return builtin.name
    default: return nil
    }
}

/// `x` as a batch of images for `model`: one image (H, W, C) gains the batch axis.
func imagesArgument(_ args: Arguments, model: Model, _ name: String = "x") throws -> Tensor {
    let x = try args.tensor(name)
    if x.shape == model.inputShape { return Tensor(shape: [1] + x.shape, scalars: x.scalars) }
    guard x.rank == model.inputShape.count + 1, Array(x.shape.dropFirst()) == model.inputShape, x.shape[0] > 0 else {
        let expected = model.inputShape.map(String.init).joined(separator: ", ")
        throw BuiltinError("\(args.builtin.name): '\(name)' must be one image (\(expected)) or a batch (N, \(expected)) "
                           + "for model '\(model.name)', got \(args[name].described)", argument: name,
                           help: x.count % max(model.inputShape.elementCount, 1) == 0 && x.count > 0
                               ? "reshape it with x.reshape(-1, \(expected))" : nil)
    }
    return x
}

/// One layer, by name (`"conv2d_1"`) or position (`-1`), checked against the model with "did you mean".
func layerReference(_ value: Value, _ args: Arguments, _ name: String, model: Model) throws -> LayerReference {
    switch value {
    case .string(let layer):
        let names = model.layers.map(\.name)
        guard names.contains(layer) else {
            throw BuiltinError("\(args.builtin.name): model '\(model.name)' has no layer named \(quoted(layer))",
                               argument: name, help: Suggestions.didYouMean(layer, among: names)
                                   ?? "its layers are " + names.joined(separator: ", "))
        }
        return .name(layer)
    case .number:
        guard let index = value.wholeNumber else { throw args.fail(name, expected: "a layer name or a whole position") }
        return .index(index)
    default:
        throw args.fail(name, expected: "a layer name like \"conv2d_1\" or a position like -1")
    }
}

func optionalLayerArgument(_ args: Arguments, _ name: String, model: Model) throws -> LayerReference? {
    args.isNone(name) ? nil : try layerReference(args[name], args, name, model: model)
}

/// What the metric builtins judge: the maps of `explanation` — an explanation, a list of them, or a tensor
/// map (H, W) or maps (N, H, W) — with their classes: the explanations' own, else `target:`, else predicted.
func judgedMaps(_ args: Arguments, model: Model, images: Tensor) throws -> (maps: [Heatmap], targets: [Int]) {
    let count = images.shape[0]
    let value = args["explanation"]
    var maps: [Heatmap] = [], own: [Int] = []
    func add(_ item: Value) throws {
        switch item {
        case .object(let e as ExplanationObject):
            // The map in the style it was asked for (signed maps keep their sign: evidence for ranks first).
            let map = e.explanation.map
            maps.append(try Heatmap(width: map.shape[1], height: map.shape[0], values: map.scalars))
            own.append(e.explanation.target)
        case .tensor(let t) where t.rank == 2:
            maps.append(try Heatmap(width: t.shape[1], height: t.shape[0], values: t.scalars))
        case .tensor(let t) where t.rank == 3:
            let size = t.shape[1] * t.shape[2]
            for n in 0..<t.shape[0] {
                maps.append(try Heatmap(width: t.shape[2], height: t.shape[1],
                                        values: Array(t.scalars[(n * size)..<((n + 1) * size)])))
            }
        default:
            throw args.fail("explanation", expected: "an explanation (from explain), a list of them, or a map tensor "
                            + "(height, width) or (N, height, width)")
        }
    }
    if case .list(let items) = value { for item in items { try add(item) } } else { try add(value) }
    guard maps.count == count else {
        throw BuiltinError("\(args.builtin.name): \(count) image\(count == 1 ? "" : "s") but \(maps.count) "
                           + "map\(maps.count == 1 ? "" : "s")", argument: "explanation",
                           help: "give one explanation or map per image")
    }
    if !args.isNone("target") {
        let target = args["target"]
        let targets: [Int]
        if case .number = target { targets = Array(repeating: try args.int("target"), count: count) } else {
            targets = try args.items("target").map {
                guard let n = $0.wholeNumber else { throw args.fail("target", expected: "a class index or a list of them") }
                return n
            }
        }
        return (maps, targets)
    }
    if own.count == count { return (maps, own) }
    do { return (maps, try predictions(model, images)) } catch let error as ExplainError {
        throw BuiltinError("\(args.builtin.name): \(error.message)")
    }
}

/// The model's predicted class per image.
func predictions(_ model: Model, _ images: Tensor) throws -> [Int] {
    let scores = try model.forward(images)
    let classes = scores.shape[1]
    return (0..<images.shape[0]).map { n in
        (0..<classes).reduce(0) { scores.scalars[n * classes + $1] > scores.scalars[n * classes + $0] ? $1 : $0 }
    }
}

/// A seed argument: a whole number of 0 or more.
func seedArgument(_ args: Arguments) throws -> UInt64 {
    let seed = try args.int("seed")
    guard seed >= 0 else { throw args.fail("seed", expected: "a whole number of 0 or more") }
    return UInt64(seed)
}

/// A check's threshold on |correlation|, in (0, 1].
func thresholdArgument(_ args: Arguments) throws -> Double {
    let value = try args.number("threshold")
    guard value > 0, value <= 1 else { throw args.fail("threshold", expected: "a number above 0 and at most 1") }
    return value
}
