import CamLabCore
import CamLabNN
import Testing
@testable import CamLabExplain

/// CAM (Zhou et al. 2016) on a model ending in global average pooling and a dense layer.
@Suite struct CAMTests {
    /// conv (relu) → conv (relu) → global average pooling → dropout → dense softmax over 4 classes.
    func gapModel() throws -> Model {
        let model = try Model(inputShape: [6, 6, 2], layers: [
            Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 3, kernelSize: (3, 3), activation: .relu),
            GlobalAveragePooling2D(),
            Dropout(rate: 0.5),
            Dense(units: 4, activation: .softmax),
        ], seed: 3)
        return withRandomBiases(model, seed: 4)
    }

    func image() -> Tensor {
        var generator = SeededGenerator(seed: 6)
        return Tensor.uniform([1, 6, 6, 2], low: 0, high: 1, using: &generator)
    }

    /// The map by hand: Σ_k w_kc A_k(p), with A the second convolution's output computed by running the layers
    /// one by one and w the dense kernel's column of the class.
    @Test(arguments: [0, 3]) func theMapIsTheClassWeightsTimesTheLastFeatureMaps(target: Int) throws {
        let model = try gapModel()
        let x = image()
        let a = layerOutput(of: model, x, layer: 1)
        let kernel = (model.layers[4] as! Dense).kernel.value
        let (positions, channels) = (a.count / 3, 3)
        let expected = (0..<positions).map { p in
            (0..<channels).reduce(0.0) { $0 + Double(kernel.scalars[$1 * 4 + target]) * Double(a.scalars[p * channels + $1]) }
        }
        let explanation = try rawMap(.cam, model, x, target: target)
        #expect(explanation.layerNames == [model.layers[1].name])
        #expect(explanation.map.shape == [4, 4])
        #expect(relativeError(explanation.map.scalars, expected) < 1e-6)
    }

    /// For GAP → Dense, the logit's gradient at position p of map k is w_kc / P: Grad-CAM of the logit (raw
    /// gradients) is CAM divided by the number of positions.
    @Test func gradcamOfTheLogitIsCAMOverThePositions() throws {
        let model = try gapModel()
        let x = image()
        let cam = try rawMap(.cam, model, x, target: 2).map
        let gradcam = try rawMap(.gradcam, model, x, target: 2, score: .logit) { $0.normalizeGradients = false }.map
        let positions = Float(cam.count)
        let error = relativeError(gradcam.scalars, cam.scalars.map { Double($0 / positions) })
        #expect(error < 1e-5)
    }

    @Test func aModelWithoutTheHeadIsToldWhatItLacks() throws {
        let model = try tinyRandomModel()
        #expect(!ExplanationMethod.cam.applies(to: model))
        #expect(throws: Problem("CAM needs a model that ends in global_average_pooling2d() and a dense layer, "
                                     + "as Zhou et al.'s; model 'sequential' ends in 'dense' (Dense). Grad-CAM works "
                                     + "on any CNN and, on such a model, gives CAM's map")) {
            _ = try ExplanationMethod.cam.explain(model: model, batch: tinyInput())
        }
    }

    @Test func anotherLayerIsRefused() throws {
        let model = try gapModel()
        #expect(throws: Problem.self) { _ = try rawMap(.cam, model, image(), target: 0, layer: .index(0)) }
    }
}
