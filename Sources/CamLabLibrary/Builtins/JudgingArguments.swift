import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabLang
import CamLabNN

/// The baseline the judging builtins add to the registry's methods: `random`, a map of noise.
let randomMethodDoc = "A map of uniform noise, for the judging builtins (faithfulness, compare, sanity_check): the "
    + "baseline every method must beat."

/// `methods: [gradcam, layercam, saliency, random]`: the registry's methods (named values, strings with
/// pytorch-grad-cam's and captum's spellings, or the `gradcam` builtin) and `random`.
func methodsArgument(_ items: [Value], _ slot: ParameterSlot, _ call: BuiltinCall) throws -> [MapMethod] {
    guard !items.isEmpty else {
        throw slot.error("\(call.name): '\(slot.name)' is empty", help: "name at least one method, e.g. [gradcam, saliency]")
    }
    let known = ExplanationMethod.all.map(\.name) + ["random"]
    return try items.map { item in
        guard let text = nameOf(item) else {
            throw slot.fail(expected: "a list of methods such as [gradcam, saliency]")
        }
        if text == "random" { return .random() }
        guard let method = try? ExplanationMethod.named(text) else {
            throw slot.error("\(call.name): unknown method \(quoted(text)) in '\(slot.name)'",
                             help: Suggestions.didYouMean(text, among: known)
                                 ?? "the methods are " + known.joined(separator: ", "))
        }
        var options = ExplainOptions()
        options.limits = call.limits
        return MapMethod(method, options: options)
    }
}

/// `metrics: [deletion, insertion]`: names as constants, strings or the builtins of the same name.
func metricsArgument(_ items: [Value], _ slot: ParameterSlot) throws -> [FaithfulnessMetric] {
    try items.map { item in
        let known = FaithfulnessMetric.allCases.map(\.rawValue)
        guard let text = nameOf(item) else {
            throw slot.fail(expected: "a list of metrics such as [deletion, insertion]")
        }
        guard let metric = FaithfulnessMetric(rawValue: text) else {
            throw slot.error("\(slot.builtinName): unknown metric \(quoted(text)) in '\(slot.name)'",
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
func imagesArgument(_ x: Tensor, _ slot: ParameterSlot, model: Model) throws -> Tensor {
    if x.shape == model.inputShape { return Tensor(shape: [1] + x.shape, scalars: x.scalars) }
    guard x.rank == model.inputShape.count + 1, Array(x.shape.dropFirst()) == model.inputShape, x.shape[0] > 0 else {
        let expected = model.inputShape.map(String.init).joined(separator: ", ")
        throw slot.error("\(slot.builtinName): '\(slot.name)' must be one image (\(expected)) or a batch (N, \(expected)) "
                         + "for model '\(model.name)', got \(slot.value.described)",
                         help: x.count % max(model.inputShape.elementCount, 1) == 0 && x.count > 0
                             ? "reshape it with x.reshape(-1, \(expected))" : nil)
    }
    return x
}

/// One layer, by name (`"conv2d_1"`) or position (`-1`), checked against the model with "did you mean"; an
/// unknown name is an error at the argument that lists the layers a CAM method can read.
func layerReference(_ value: Value, _ slot: ParameterSlot, model: Model) throws -> LayerReference {
    switch value {
    case .string(let name):
        let names = model.layers.map(\.name)
        guard names.contains(name) else {
            // Said here rather than by the model, so the caret points at the argument.
            let readable = model.spatialLayerIndices.map { model.layers[$0].name }
            throw slot.error("\(slot.builtinName): model '\(model.name)' has no layer named \(quoted(name))",
                             help: Suggestions.didYouMean(name, among: names)
                                 ?? (readable.isEmpty ? "its layers are " + names.joined(separator: ", ")
                                                      : "layers a CAM method can read: " + readable.joined(separator: ", ")))
        }
        return .name(name)
    case .number:
        guard let index = value.wholeNumber else {
            throw slot.fail(expected: "a layer name like \"conv2d_1\" or a position like -1")
        }
        return .index(index)
    default: throw slot.fail(expected: "a layer name like \"conv2d_1\" or a position like -1")
    }
}

func optionalLayerArgument(_ value: Value, _ slot: ParameterSlot, model: Model) throws -> LayerReference? {
    if case .none = value { return nil }
    return try layerReference(value, slot, model: model)
}

/// What the metric builtins judge: the maps of `explanation` — an explanation, a list of them, or a tensor
/// map (H, W) or maps (N, H, W) — with their classes: the explanations' own, else `target:`, else predicted.
func judgedMaps(_ explanation: ParameterSlot, target: ParameterSlot, model: Model,
                images: Tensor) throws -> (maps: [Heatmap], targets: [Int]) {
    let count = images.shape[0]
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
            throw explanation.fail(expected: "an explanation (from explain), a list of them, or a map tensor "
                                   + "(height, width) or (N, height, width)")
        }
    }
    if case .list(let items) = explanation.value { for item in items { try add(item) } } else { try add(explanation.value) }
    guard maps.count == count else {
        throw explanation.error("\(explanation.builtinName): \(count) image\(count == 1 ? "" : "s") but \(maps.count) "
                                + "map\(maps.count == 1 ? "" : "s")", help: "give one explanation or map per image")
    }
    if case .none = target.value {} else {
        let targets: [Int]
        if case .number = target.value {
            targets = Array(repeating: try Int.argument(target), count: count)
        } else {
            targets = try [Value].argument(target).map {
                guard let n = $0.wholeNumber else { throw target.fail(expected: "a class index or a list of them") }
                return n
            }
        }
        return (maps, targets)
    }
    if own.count == count { return (maps, own) }
    return (maps, try predictions(model, images))
}

/// The model's predicted class per image.
func predictions(_ model: Model, _ images: Tensor) throws -> [Int] {
    let scores = try model.forward(images)
    let classes = scores.shape[1]
    return (0..<images.shape[0]).map { n in
        (0..<classes).reduce(0) { scores.scalars[n * classes + $1] > scores.scalars[n * classes + $0] ? $1 : $0 }
    }
}

extension Check where T == Int {
    /// A seed: a whole number of 0 or more.
    static var seed: Check {
        Check { n, slot in guard n >= 0 else { throw slot.fail(expected: "a whole number of 0 or more") } }
    }
}

extension Check where T == Double {
    /// A check's threshold on |correlation|, in (0, 1].
    static var threshold: Check {
        Check { x, slot in
            guard x > 0, x <= 1 else { throw slot.fail(expected: "a number above 0 and at most 1") }
        }
    }
}
