import CamLabCore
import CamLabTestSupport
import CamLabNN
import Testing
@testable import CamLabExplain

@Test(arguments: [0, 1, 2])
func gradientsMatchFiniteDifferencesOfTheClassScore(target: Int) throws {
    let model = try tinyRandomModel()
    let x = tinyInput()
    let layer = 0
    let components = try gradcamBackend(model: model, x: x, targets: [target], layer: .index(layer),
                                        normalizeGradients: false)
    let activations = Tensor(shape: [1] + components.activations.shape, scalars: components.activations.scalars)
    #expect(components.activations.shape == [4, 4, 3])
    #expect(components.predictedValue == (try model.forward(x)).scalars[target])

    let numeric = finiteDifferences(at: activations) {
        score(of: model, fromLayer: layer, activations: $0, target: target)
    }
    let scale = max(numeric.map(abs).max()!, 1e-3)
    for i in 0..<activations.count {
        #expect(abs(Double(components.gradients.scalars[i]) - numeric[i]) < 2e-3 * scale, "gradient \(i)")
    }
    // Weights are the finite-difference gradients averaged over the 4×4 positions, per channel.
    for k in 0..<3 {
        let mean = stride(from: k, to: numeric.count, by: 3).map { numeric[$0] }.reduce(0, +) / 16
        #expect(abs(Double(components.weights[k]) - mean) < 2e-3 * scale, "weight \(k)")
    }
}

@Test func gradientsThroughADeeperLayerAlsoMatch() throws {
    let model = try tinyRandomModel()
    let components = try gradcamBackend(model: model, x: tinyInput(), targets: nil, layer: "conv2d_1",
                                        normalizeGradients: false)
    let activations = Tensor(shape: [1] + components.activations.shape, scalars: components.activations.scalars)
    let target = components.predictedIndex
    let numeric = finiteDifferences(at: activations) {
        score(of: model, fromLayer: 1, activations: $0, target: target)
    }
    for i in 0..<activations.count {
        #expect(abs(Double(components.gradients.scalars[i]) - numeric[i]) < 1e-4, "gradient \(i)")
    }
}

@Test func defaultGradientsAreTheRawOnesOverTheirNormAndWeightsAverageThem() throws {
    let model = try tinyRandomModel()
    let raw = try gradcamBackend(model: model, x: tinyInput(), targets: [1], layer: 0, normalizeGradients: false)
    let normalized = try gradcamBackend(model: model, x: tinyInput(), targets: [1], layer: 0)
    let norm = raw.gradients.scalars.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    #expect(norm > 1e-6)  // above Keras' floor, so normalising brings the norm to 1
    for (n, r) in zip(normalized.gradients.scalars, raw.gradients.scalars) {
        #expect(abs(Double(n) - Double(r) / norm) < 1e-6)
    }
    for k in 0..<3 {
        let mean = stride(from: k, to: 48, by: 3).map { Double(normalized.gradients.scalars[$0]) }.reduce(0, +) / 16
        #expect(abs(Double(normalized.weights[k]) - mean) < 1e-7, "weight \(k)")
    }
    #expect(normalized.activations == raw.activations)
    #expect(normalized.predictedValue == raw.predictedValue && normalized.predictedIndex == raw.predictedIndex)
    // Only the scale changed, so the maps have the same shape; they differ only in how much the 1e-7 added to
    // their maximum dims them.
    let a = try explain(model: model, x: tinyInput(), targets: [1], layer: 0).heatmap.values
    let b = try explain(model: model, x: tinyInput(), targets: [1], layer: 0, normalizeGradients: false).heatmap.values
    let (maxA, maxB) = (a.max() ?? 0, b.max() ?? 0)
    #expect(maxA > 0.99 && maxB > 0.5)
    #expect(zip(a, b).allSatisfy { abs($0 / maxA - $1 / maxB) < 1e-6 })
}

@Test func noTargetMeansThePredictedClass() throws {
    let model = try tinyRandomModel()
    let x = tinyInput()
    let scores = try model.forward(x).scalars
    let argmax = scores.indices.max { scores[$0] < scores[$1] }!
    let components = try gradcamBackend(model: model, x: x, targets: nil, layer: 0)
    #expect(components.predictedIndex == argmax)
    #expect(components.predictedValue == scores[argmax])
}
