import CamLabCore
import CamLabImaging
import CamLabNN

/// Explains `model`'s predictions for a batch of images with `method`: one explanation per image.
///
/// The images go through the model in chunks of `options.batchSize`, each with one forward pass (and, for the
/// gradient methods, one backward pass) for the whole chunk, so a batch runs at batch speed.
///
/// - Parameters:
///   - x: images (N, height, width, channels), NHWC, or one image without the batch axis.
///   - targets: one target for every image, or one per image; `.predicted` explains the model's prediction.
///   - options: the score, map style, layers, class names and method settings; see `ExplainOptions`.
public func explain(model: Model, batch x: Tensor, method: ExplanationMethod = .gradcam,
                    targets: [Target] = [.predicted], options: ExplainOptions = ExplainOptions()) throws -> [Explanation] {
    let batch = try imageBatch(x, model: model)
    guard model.outputShape.count == 1 else {
        throw Problem("\(method.title) explains a classifier whose output is (batch, classes); model "
                           + "'\(model.name)' outputs \((["None"] + model.outputShape.map(String.init)).joined(separator: ", ").parenthesized)")
    }
    guard options.batchSize > 0 else { throw Problem("batch_size must be positive, got \(options.batchSize)") }
    if let problem = method.modelRequirement?(model) { throw Problem(problem) }
    let score = try resolveScore(options.score, default: method.defaultScore, model: model)
    let layers = try resolveLayers(for: method, options.layers, model: model)
    let style = options.map ?? method.defaultStyle
    let upsample = layers.count > 1 || (options.upsample ?? method.upsamplesByDefault)
    let hasProbability = model.outputProbabilities
    let count = batch.shape[0]
    Allocator.keepLargeBlocks()
    guard targets.count == 1 || targets.count == count else {
        throw Problem("got \(targets.count) targets for \(count) images; give one target for all images "
                           + "or one per image")
    }
    // A pass keeps every layer's output and its gradient for each image of the chunk.
    let perImage = model.layers.reduce(0) { $0 + $1.outputShape.elementCount }
    let imagesPerPass = min(options.batchSize, count)
    try options.limits.budget.check(bytes: Double(imagesPerPass) * Double(perImage) * 8,
                                   for: "a pass over \(imagesPerPass) images (batch_size)")
    let input = model.inputShape.mapGeometry
    var explanations: [Explanation] = []
    explanations.reserveCapacity(count)
    try forEachChunk(count, size: options.batchSize, stoppingAt: options.limits.interruption) { range in
        let chunk = range.count == count ? batch : try batch.slice(range)
        let pass = ClassifierPass(model: model, batch: chunk, keepingBeforeActivation: Set(layers.map {
            model.value(ofLayer: $0, beforeActivation: options.beforeActivation)
        }))
        let chunkTargets = try resolveTargets(targets.count == 1 ? targets : Array(targets[range]),
                                              outputs: pass.output, classNames: options.classNames)
        let scores = pass.scores(chunkTargets, kind: score)
        let probabilities = hasProbability ? pass.scores(chunkTargets, kind: .probability) : nil
        // Raw maps per layer (one list for input methods), all from the one pass.
        var perLayer: [[Tensor]] = []
        for layer in layers.isEmpty ? [nil] : layers.map(Optional.some) {
            let request = MethodRequest(batch: chunk, pass: pass, targets: chunkTargets, score: score, layer: layer,
                                        options: options)
            perLayer.append(try method.rawMaps(request))
        }
        for image in 0..<range.count {
            var maps = perLayer.map { layerMaps in
                let styled = style.apply(to: layerMaps[image])
                return upsample ? bilinearResized(styled, height: input.height, width: input.width) : styled
            }
            if maps.count > 1 {
                // pytorch-grad-cam's aggregate_multi_layers: the mean of the layers' maps, styled again.
                let mean = maps.dropFirst().reduce(maps[0]) { try! $0 + $1 } / Float(maps.count)
                maps = [style.apply(to: mean)]
            }
            let target = chunkTargets[image]
            explanations.append(Explanation(
                method: method.title, methodName: method.name,
                description: method.description + (options.counterfactual ? counterfactualNote : ""),
                target: target, targetName: options.classNames?[target], score: scores[image], scoreKind: score,
                probability: probabilities?[image], counterfactual: options.counterfactual, map: maps[0],
                style: style, heatmap: try style.heatmap(of: maps[0]),
                layerNames: layers.map { model.layers[$0].name }, layerIndices: layers,
                image: try inputImage(try chunk.row(image), geometry: input)))
        }
    }
    return explanations
}

private let counterfactualNote = " Counterfactual: the score was negated, so the map shows what speaks against the "
    + "class, the parts whose removal would make the model more sure of it."

/// `x` as a batch for `model`: an image without the batch axis gains it; anything else must be a batch of the
/// model's inputs.
func imageBatch(_ x: Tensor, model: Model) throws -> Tensor {
    if x.shape == model.inputShape { return Tensor(shape: [1] + x.shape, scalars: x.scalars) }
    try model.validateInput(x)
    guard x.shape[0] > 0 else { throw Problem("got no images to explain (\(x.shape.shapeDescription))") }
    return x
}

extension Model {
    /// True when the model's output is a probability: its last activation is a softmax or a sigmoid.
    var outputProbabilities: Bool { outputActivation == .softmax || outputActivation == .sigmoid }
}

/// The score to explain: the one asked for, else the method's default, else the model's output (the probability
/// of a softmax classifier, the logit of a model without a final activation).
func resolveScore(_ asked: ScoreKind?, default preferred: ScoreKind?, model: Model) throws -> ScoreKind {
    if asked == .probability && !model.outputProbabilities {
        throw Problem("model '\(model.name)' outputs no probabilities (its last activation is "
                           + "\(model.outputActivation.rawValue), not softmax); its output is the logit: use score: logit")
    }
    if let kind = asked ?? preferred { return kind == .probability && !model.outputProbabilities ? .logit : kind }
    return model.outputProbabilities ? .probability : .logit
}

/// The layers `method` reads: the ones asked for (each checked), or the last spatial layer; none for methods
/// that work on the input.
func resolveLayers(for method: ExplanationMethod, _ asked: [LayerReference], model: Model) throws -> [Int] {
    guard method.needsSpatialLayer else {
        guard asked.isEmpty else {
            throw Problem("\(method.title) works on the input pixels and reads no layer; leave out the layer, "
                               + "or choose a CAM method (gradcam, layercam, …) to read one")
        }
        return []
    }
    if asked.isEmpty { return [try model.spatialLayerIndex(nil, for: method.title)] }
    var indices: [Int] = []
    for reference in asked {
        let index = try model.spatialLayerIndex(reference, for: method.title)
        if !indices.contains(index) { indices.append(index) }
    }
    return indices
}

/// The picture an explanation lies over: the image rescaled to 0–255 (a flat input as one row; channels other
/// than gray, RGB or RGBA averaged to gray).
func inputImage(_ x: Tensor, geometry: (height: Int, width: Int, channels: Int)) throws -> Image {
    var (values, channels) = (x.scalars, geometry.channels)
    if ![1, 3, 4].contains(channels) {
        values = stride(from: 0, to: values.count, by: channels).map { start in
            values[start..<(start + channels)].reduce(0, +) / Float(channels)
        }
        channels = 1
    }
    do {
        return try Image(rescaling: Tensor(shape: [geometry.height, geometry.width, channels], scalars: values))
    } catch let error as Problem {
        throw Problem("cannot show the input as an image: \(error.message)")
    }
}
