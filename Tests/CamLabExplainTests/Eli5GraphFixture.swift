import CamLabCore
import CamLabData
import CamLabImaging
import CamLabNN
import Foundation
@testable import CamLabExplain

/// What graph-mode eli5 0.13 computes (TensorFlow 2.15 with eager execution disabled, as the Fashion-MNIST tutorial
/// runs it) for a Keras-trained model of the walkthrough's architecture, on test pictures from confident to unsure:
/// the files in Fixtures/ written by Scripts/fixtures/eli5_graph_gradcam.sh. For the most saturated pictures the
/// map follows the float32 rounding of 1 - score in the softmax, which differs between TensorFlow's kernels; the
/// script says which kernels made these files and why.
struct Eli5GraphFixture {
    /// One layer the fixture explains: what `explain` is given, the layer eli5 read, the overlay's colormap.
    struct Layer: Sendable {
        let reference: LayerReference?
        let name: String
        let colormap: Colormap
    }

    /// As the walkthrough explains them: the default layer in viridis, `conv2d_1` in reds, `conv2d` in viridis;
    /// format_as_image's other options at eli5's defaults (alpha 0.65, lanczos).
    static let layers = [Layer(reference: nil, name: "conv2d_2", colormap: .viridis),
                         Layer(reference: "conv2d_1", name: "conv2d_1", colormap: try! Colormap(named: "reds")),
                         Layer(reference: "conv2d", name: "conv2d", colormap: .viridis)]

    let model: Model
    /// The model's inputs, pixels / 255 in float32 as the walkthrough computes them: (count, 28, 28, 1).
    let inputs: Tensor
    let targets: [Int]
    let scores: [Float]
    /// Per layer (in `layers` order), per picture: eli5's 28×28 heatmap, its `gradcam_backend` weights, the L2 norm of
    /// the gradients it returns, and format_as_image's RGBA bytes. `images` is eli5's explanation image per picture.
    let heatmaps: [[[Float]]]
    let weights: [[[Float]]]
    let gradientNorms: [[Float]]
    let overlays: [[[UInt8]]]
    let images: [[UInt8]]
    let producer: String

    var count: Int { targets.count }

    init() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

        model = try Model(inputShape: [28, 28, 1], layers: [
            Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
            Flatten(),
            Dense(units: 10, activation: .softmax),
        ])
        try model.loadWeights(from: path("eli5_graph_model.safetensors"))

        let results = try Safetensors.read(path("eli5_graph_gradcam.safetensors"))
        func tensor(_ name: String) throws -> Tensor {
            guard let value = results.tensors[name] else { throw Problem("fixture has no tensor '\(name)'") }
            return value
        }
        targets = try tensor("targets").scalars.map { Int($0) }
        scores = try tensor("scores").scalars
        let count = targets.count
        let layerCount = Self.layers.count
        heatmaps = try Self.rows(tensor("heatmaps").scalars, layerCount).map { Self.rows($0, count) }
        gradientNorms = try Self.rows(tensor("gradient_norms").scalars, layerCount)
        weights = try Self.layers.map { try Self.rows(tensor("weights/\($0.name)").scalars, count) }
        producer = results.metadata["producer"] ?? ""

        let pixels = try NPY.read(path("eli5_graph_pixels.npy"))
        inputs = Tensor(shape: [count, 28, 28, 1], scalars: pixels.scalars.map { $0 / 255 })
        images = Self.rows(try NPY.read(path("eli5_graph_images.npy")).scalars.map { UInt8($0) }, count)
        overlays = Self.rows(try NPY.read(path("eli5_graph_overlays.npy")).scalars.map { UInt8($0) }, layerCount)
            .map { Self.rows($0, count) }
    }

    /// Picture `index` as a batch of one.
    func input(_ index: Int) -> Tensor {
        let size = 28 * 28
        return Tensor(shape: [1, 28, 28, 1], scalars: Array(inputs.scalars[(index * size)..<((index + 1) * size)]))
    }

    /// `values` cut into `count` equal rows.
    private static func rows<T>(_ values: [T], _ count: Int) -> [[T]] {
        let size = values.count / count
        return (0..<count).map { Array(values[($0 * size)..<(($0 + 1) * size)]) }
    }
}
