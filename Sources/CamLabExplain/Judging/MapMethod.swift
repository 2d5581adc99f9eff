import CamLabCore
import CamLabImaging
import CamLabNN

/// A way to compute saliency maps, as the faithfulness metrics, the sanity checks and `compare` see it: given a
/// model, a batch of images (N, height, width, channels) and one class per image, one map per image. A map may
/// have any resolution (a layer's or the input's) and any sign; larger values mean "more important for the
/// class". The metrics never look inside a method, so any method can be judged, and judged on any model — the
/// sanity checks call it on randomised copies of the user's model.
public struct MapMethod: Sendable {
    /// The name tables and pictures show: "Grad-CAM", "Saliency", "Random".
    public let name: String
    /// True for methods that read a layer's activations (the CAM family); they get the layer to read.
    public let readsLayer: Bool
    let compute: @Sendable (_ model: Model, _ batch: Tensor, _ targets: [Int], _ layer: LayerReference?) throws -> [Heatmap]

    public init(name: String, readsLayer: Bool,
                compute: @escaping @Sendable (Model, Tensor, [Int], LayerReference?) throws -> [Heatmap]) {
        self.name = name
        self.readsLayer = readsLayer
        self.compute = compute
    }

    /// One map per image of `batch` for its class in `targets`; `layer` is ignored by methods that read none.
    public func maps(model: Model, batch: Tensor, targets: [Int], layer: LayerReference? = nil) throws -> [Heatmap] {
        try model.checkBatch(batch)
        try model.checkTargets(targets, images: batch.shape[0])
        let maps = try compute(model, batch, targets, readsLayer ? layer : nil)
        guard maps.count == targets.count else {
            throw Problem("\(name) returned \(maps.count) maps for \(targets.count) images")
        }
        return maps
    }
}

extension MapMethod {
    /// A method of the registry (`ExplanationMethod.all`) as the judging tools call it: its maps for the targets
    /// given, brought to the input's size (bilinearly, as pytorch-grad-cam does), in the method's own style and
    /// with its own score (see `ExplanationMethod.maps`). CAM methods read `layer`, or their default layer.
    public init(_ method: ExplanationMethod, options: ExplainOptions = ExplainOptions()) {
        self.init(name: method.title, readsLayer: method.needsSpatialLayer) { model, batch, targets, layer in
            var options = options
            if let layer { options.layers = [layer] }
            return try method.maps(model: model, batch: batch, targets: targets.map { .index($0) }, options: options)
                .map { map in try Heatmap(width: map.shape[1], height: map.shape[0], values: map.scalars) }
        }
    }

    /// Grad-CAM, as `explain` computes it by default (graph-mode eli5 0.13).
    public static let gradcam = MapMethod(.gradcam)
    /// Gradient saliency (Simonyan et al. 2014).
    public static let saliency = MapMethod(.saliency)

    /// A map of uniform noise at the input's resolution: the baseline every method must beat. `seed` fixes it.
    public static func random(seed: UInt64 = 0) -> MapMethod {
        MapMethod(name: "Random", readsLayer: false) { _, batch, _, _ in
            var generator = SeededGenerator(seed: seed)
            let (height, width) = (batch.shape[1], batch.shape[2])
            return try (0..<batch.shape[0]).map { _ in
                try Heatmap(width: width, height: height,
                            values: (0..<height * width).map { _ in generator.nextUnitFloat() })
            }
        }
    }
}

extension Model {
    /// Throws unless `batch` is (N, …input shape) with N ≥ 1 and the model is a classifier, (N, classes).
    func checkBatch(_ batch: Tensor) throws {
        try validateInput(batch)
        guard batch.shape[0] > 0 else { throw Problem("the batch holds no images") }
        guard batch.rank == 4 else {
            throw Problem("maps are computed for images (N, height, width, channels); model '\(name)' takes "
                               + "\(inputShape.shapeDescription)")
        }
        guard outputShape.count == 1 else {
            throw Problem("judging maps needs a classifier whose output is (batch, classes); model '\(name)' "
                               + "outputs (\((["N"] + outputShape.map(String.init)).joined(separator: ", ")))")
        }
    }

    /// Throws unless there is one target per image and each is one of the model's classes.
    func checkTargets(_ targets: [Int], images: Int) throws {
        guard targets.count == images else {
            throw Problem("\(counted(images, "image")) but \(counted(targets.count, "target")); give one class per image")
        }
        let classes = outputShape[0]
        if let bad = targets.first(where: { !(0..<classes).contains($0) }) {
            throw Problem("class \(bad) is outside the model's classes 0 to \(classes - 1)")
        }
    }

    /// Throws unless `images` is a batch for this classifier with one map and one valid class per image; `metric`
    /// names the caller in the message.
    func checkJudged(_ images: Tensor, maps: [Heatmap], targets: [Int], by metric: String) throws {
        try checkBatch(images)
        try checkTargets(targets, images: images.shape[0])
        guard maps.count == images.shape[0] else {
            throw Problem("\(metric): \(counted(images.shape[0], "image")) but \(counted(maps.count, "map")); "
                               + "give one map per image")
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
