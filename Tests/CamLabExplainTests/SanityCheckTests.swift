import CamLabCore
import CamLabImaging
import CamLabNN
import Testing
@testable import CamLabExplain

/// A "method" that ignores the model and returns the picture's own brightness — the way an edge detector would
/// pass for an explanation. Every sanity check must catch it.
private let pictureItself = MapMethod(name: "picture", readsLayer: false) { _, batch, _, _ in
    let (height, width) = (batch.shape[1], batch.shape[2])
    return try (0..<batch.shape[0]).map { n in
        try Heatmap(width: width, height: height,
                    values: Array(batch.scalars[(n * height * width)..<((n + 1) * height * width)]))
    }
}

private func snapshot(_ model: Model) -> [[Float]] { model.parameters.map(\.value.scalars) }

@Test func randomisationLeavesTheUsersModelUntouched() throws {
    let model = try tinyRandomModel()
    let before = snapshot(model)
    let x = tinyInput()
    let outputBefore = try model.forward(x)
    let result = try cascadingRandomization(model: model, images: x, methods: [.gradcam, .saliency], seed: 3)
    _ = try randomLogitCheck(model: model, images: x, methods: [.gradcam, .saliency])
    #expect(snapshot(model) == before)
    #expect(try model.forward(x) == outputBefore)
    #expect(result.layers == ["dense", "conv2d_1", "conv2d"])
    #expect(result.correlations.count == 2 && result.correlations.allSatisfy { $0.count == 3 })
    #expect(result.maps.allSatisfy { $0.count == 4 })
}

@Test func copiesKeepOrRedrawEachLayersWeights() throws {
    let model = try tinyRandomModel()
    let copy = try model.copy()
    #expect(copy.layers.map(\.name) == model.layers.map(\.name))
    #expect(snapshot(copy) == snapshot(model))
    #expect(try copy.forward(tinyInput()) == model.forward(tinyInput()))
    #expect(copy.parameters.first !== model.parameters.first)

    // Redrawing the top layer changes its kernel only, to values in Glorot's range ±sqrt(6 / (fan in + out))
    // and a zero bias, as a new Dense layer draws them.
    let randomised = try model.copy(reinitializing: [3], seed: 9)
    let original = snapshot(model), redrawn = snapshot(randomised)
    #expect(Array(redrawn[0..<4]) == Array(original[0..<4]))
    #expect(redrawn[4] != original[4])
    let limit = (6 / Float(32 + 3)).squareRoot()
    #expect(redrawn[4].allSatisfy { abs($0) <= limit })
    #expect(redrawn[5] == [0, 0, 0])
    // The same seed redraws the same weights, so the cascade keeps a layer's random weights from step to step.
    #expect(snapshot(try model.copy(reinitializing: [3, 1], seed: 9))[4] == redrawn[4])
}

@Test func aMapThatIgnoresTheModelFailsBothChecks() throws {
    let model = try tinyRandomModel()
    let x = tinyInput()
    let cascade = try cascadingRandomization(model: model, images: x, methods: [pictureItself])
    #expect(cascade.correlations[0].allSatisfy { abs($0 - 1) < 1e-12 })
    #expect(!cascade.passes(0))
    let logit = try randomLogitCheck(model: model, images: x, methods: [pictureItself])
    #expect(abs(logit.correlations[0] - 1) < 1e-12)
    #expect(!logit.passes(0))
    #expect(logit.other[0] != logit.predicted[0])
}

@Test func saliencyOfALinearModelFollowsItsWeightsAndPassesBothChecks() throws {
    // For a linear model saliency is |weights of the class| (over their largest, as the map style abs scales it): it changes completely when the weights are redrawn,
    // and differs between two classes with unrelated weights.
    var generator = SeededGenerator(seed: 21)
    let weights = (0..<3).map { _ in (0..<100).map { _ in generator.uniform(-1, 1) } }
    let model = try linearModel(height: 10, width: 10, weights: weights)
    let x = Tensor(shape: [2, 10, 10, 1], scalars: (0..<200).map { _ in generator.uniform(0, 1) })
    let cascade = try cascadingRandomization(model: model, images: x, methods: [.saliency, pictureItself], seed: 1)
    #expect(cascade.layers == ["dense"])
    #expect(abs(cascade.correlations[0][0]) < 0.3, "\(cascade.correlations)")
    #expect(cascade.passes(0) && !cascade.passes(1))
    let logit = try randomLogitCheck(model: model, images: x, methods: [.saliency, pictureItself], seed: 2)
    #expect(abs(logit.correlations[0]) < 0.3 && logit.passes(0) && !logit.passes(1))
    // The maps the grid shows: the trained one first, then one per step.
    let saliency = try MapMethod.saliency.maps(model: model, batch: x, targets: cascade.targets)
    #expect(cascade.maps[0][0] == saliency[0])
    let magnitudes = weights[cascade.targets[0]].map(abs), peak = magnitudes.max()!
    for (value, magnitude) in zip(saliency[0].values, magnitudes) { #expect(abs(value - magnitude / peak) < 1e-5) }
}

@Test func sanityChecksNeedWeightsAndMethods() throws {
    let model = try Model(inputShape: [4, 4, 1], layers: [Flatten()])
    #expect(throws: Problem("judging maps needs a classifier whose output is (batch, classes); model "
                                 + "'sequential' outputs (N, 2, 2, 1)")) {
        try cascadingRandomization(model: try Model(inputShape: [4, 4, 1], layers: [MaxPooling2D()]),
                                   images: Tensor.zeros([1, 4, 4, 1]), methods: [.saliency])
    }
    #expect(throws: Problem("model 'sequential' has no weights to randomise")) {
        try cascadingRandomization(model: model, images: Tensor.zeros([1, 4, 4, 1]), methods: [.saliency], targets: [0])
    }
    #expect(throws: Problem("the sanity check needs at least one method")) {
        try cascadingRandomization(model: try tinyRandomModel(), images: tinyInput(), methods: [])
    }
}
