import CamLabCore
import CamLabImaging
import CamLabNN

/// A way to compute saliency maps, as the faithfulness metrics, the sanity checks and `compare` see it: given a
/// model, a batch of images (N, height, width, channels) and one class per image, one map per image. A map may
/// have any resolution (a layer's or the input's) and any sign; larger values mean "more important for the
/// class". The metrics never look inside a method, so any method can be judged, and judged on any model — the
/// sanity checks call it on randomised copies of the user's model.
public struct MapMethod: Sendable {
    /// The name tables and pictures show: "Grad-CAM", "saliency", "random".
    public let name: String
    /// True for methods that read a layer's activations (the CAM family); they get the layer to read.
    public let readsLayer: Bool
    let compute: @Sendable (_ model: Sequential, _ batch: Tensor, _ targets: [Int], _ layer: LayerReference?) throws -> [Heatmap]

    public init(name: String, readsLayer: Bool,
                compute: @escaping @Sendable (Sequential, Tensor, [Int], LayerReference?) throws -> [Heatmap]) {
        self.name = name
        self.readsLayer = readsLayer
        self.compute = compute
    }

    /// One map per image of `batch` for its class in `targets`; `layer` is ignored by methods that read none.
    public func maps(model: Sequential, batch: Tensor, targets: [Int], layer: LayerReference? = nil) throws -> [Heatmap] {
        try model.checkBatch(batch)
        try model.checkTargets(targets, images: batch.shape[0])
        let maps = try compute(model, batch, targets, readsLayer ? layer : nil)
        guard maps.count == targets.count else {
            throw ExplainError("\(name) returned \(maps.count) maps for \(targets.count) images")
        }
        return maps
    }
}

extension MapMethod {
    /// Grad-CAM as `explain` computes it (graph-mode eli5 0.13: L2-normalised gradients, ReLU, scaled to [0, 1]),
    /// at the layer's resolution.
    public static let gradcam = MapMethod(name: "Grad-CAM", readsLayer: true) { model, batch, targets, layer in
        let layerIndex = try model.gradcamLayerIndex(layer)
        return try batch.images.enumerated().map { n, image in
            let c = try gradcamBackend(model: model, batch: image, targets: [targets[n]], layerIndex: layerIndex,
                                       normalizeGradients: true)
            return try CamLabExplain.gradcam(weights: c.weights, activations: c.activations)
        }
    }

    /// Plain gradient saliency (Simonyan et al. 2014): |d score / d pixel|, the largest over the channels, at the
    /// input's resolution. The whole batch goes through one forward and one backward pass.
    public static let saliency = MapMethod(name: "saliency", readsLayer: false) { model, batch, targets, _ in
        let gradient = try inputGradient(model: model, batch: batch, targets: targets)
        let (height, width, channels) = (batch.shape[1], batch.shape[2], batch.shape[3])
        return try (0..<batch.shape[0]).map { n in
            var values = [Float](repeating: 0, count: height * width)
            for p in 0..<height * width {
                for c in 0..<channels {
                    values[p] = max(values[p], abs(gradient.scalars[(n * height * width + p) * channels + c]))
                }
            }
            return try Heatmap(width: width, height: height, values: values)
        }
    }

    /// A map of uniform noise at the input's resolution: the baseline every method must beat. `seed` fixes it.
    public static func random(seed: UInt64 = 0) -> MapMethod {
        MapMethod(name: "random", readsLayer: false) { _, batch, _, _ in
            var generator = SeededGenerator(seed: seed)
            let (height, width) = (batch.shape[1], batch.shape[2])
            return try (0..<batch.shape[0]).map { _ in
                try Heatmap(width: width, height: height,
                            values: (0..<height * width).map { _ in generator.nextUnitFloat() })
            }
        }
    }
}

/// d (output of class targets[n] for image n) / d input, for the whole batch: one forward, one backward pass.
func inputGradient(model: Sequential, batch: Tensor, targets: [Int]) throws -> Tensor {
    let output = try model.forward(batch)
    let classes = output.shape[1]
    var oneHot = Tensor.zeros(output.shape)
    for (n, target) in targets.enumerated() { oneHot.scalars[n * classes + target] = 1 }
    // From the top down through every layer, the first included: its input is the image.
    return model.gradient(ofOutput: oneHot, withRespectToOutputOf: -1)
}

extension Sequential {
    /// Throws unless `batch` is (N, …input shape) with N ≥ 1 and the model is a classifier, (N, classes).
    func checkBatch(_ batch: Tensor) throws {
        do { try validateInput(batch) } catch let error as ModelError { throw ExplainError(error.message) }
        guard batch.shape[0] > 0 else { throw ExplainError("the batch holds no images") }
        guard batch.rank == 4 else {
            throw ExplainError("maps are computed for images (N, height, width, channels); model '\(name)' takes "
                               + "\(inputShape.shapeDescription)")
        }
        guard outputShape.count == 1 else {
            throw ExplainError("judging maps needs a classifier whose output is (batch, classes); model '\(name)' "
                               + "outputs (\((["N"] + outputShape.map(String.init)).joined(separator: ", ")))")
        }
    }

    /// Throws unless there is one target per image and each is one of the model's classes.
    func checkTargets(_ targets: [Int], images: Int) throws {
        guard targets.count == images else {
            throw ExplainError("\(counted(images, "image")) but \(counted(targets.count, "target")); give one class per image")
        }
        let classes = outputShape[0]
        if let bad = targets.first(where: { !(0..<classes).contains($0) }) {
            throw ExplainError("class \(bad) is outside the model's classes 0 to \(classes - 1)")
        }
    }

    /// The classes the model predicts for each image (first maximum, as argmax).
    func predictedClasses(_ batch: Tensor) throws -> [Int] {
        let scores = try classScores(batch)
        let classes = outputShape[0]
        return (0..<batch.shape[0]).map { n in
            let row = scores.scalars[(n * classes)..<((n + 1) * classes)]
            return row.indices.reduce(row.startIndex) { row[$1] > row[$0] ? $1 : $0 } - n * classes
        }
    }

    /// The model's outputs for a batch of any size, run in chunks so a large batch needs little memory.
    func classScores(_ batch: Tensor, chunk: Int = 256) throws -> Tensor {
        let count = batch.shape[0]
        if count <= chunk { return try forward(batch) }
        let perImage = batch.count / max(count, 1)
        var scalars: [Float] = []
        scalars.reserveCapacity(count * outputShape[0])
        for start in stride(from: 0, to: count, by: chunk) {
            let end = min(count, start + chunk)
            let part = Tensor(shape: [end - start] + Array(batch.shape.dropFirst()),
                              scalars: Array(batch.scalars[(start * perImage)..<(end * perImage)]))
            scalars += try forward(part).scalars
        }
        return Tensor(shape: [count] + outputShape, scalars: scalars)
    }

    /// The score of `targets[n]` for image n: the model's output for that class (a probability when the model
    /// ends in softmax, as RISE and pytorch-grad-cam's softmax targets read it).
    func targetScores(_ batch: Tensor, targets: [Int]) throws -> [Float] {
        let scores = try classScores(batch)
        let classes = outputShape[0]
        return targets.enumerated().map { n, target in scores.scalars[n * classes + target] }
    }
}

/// "1 image", "3 images".
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

extension Tensor {
    /// Each image of an NHWC batch as a batch of one.
    var images: [Tensor] {
        let count = shape[0], perImage = self.count / Swift.max(shape[0], 1)
        return (0..<count).map { n in
            Tensor(shape: [1] + Array(shape.dropFirst()), scalars: Array(scalars[(n * perImage)..<((n + 1) * perImage)]))
        }
    }
}
