#if canImport(Glibc)
import Glibc
#endif
import CamLabCore
import CamLabTestSupport
import Testing
@testable import CamLabNN

/// conv (relu) → flatten → dense softmax over 3 classes, small enough for finite differences.
private func softmaxClassifier() throws -> Model {
    let model = try Model(inputShape: [3, 3, 1], layers: [
        Conv2D(filters: 2, kernelSize: (2, 2), activation: .tanh),
        Flatten(),
        Dense(units: 3, activation: .softmax),
    ], seed: 4)
    var generator = SeededGenerator(seed: 9)
    for parameter in model.parameters where parameter.name == "bias" {
        parameter.value = Tensor.uniform(parameter.value.shape, low: -0.5, high: 0.5, using: &generator)
    }
    return model
}

private func batch() -> Tensor {
    var generator = SeededGenerator(seed: 2)
    return Tensor.uniform([2, 3, 3, 1], low: -1, high: 1, using: &generator)
}

@Test func logitsAreTheDenseLayersAffineOutputAndSoftmaxOfThemIsTheOutput() throws {
    let model = try softmaxClassifier()
    let x = batch()
    let dense = model.layers[2] as! Dense
    let features = ForwardPass(model: model, input: x).output(ofLayer: 1)
    let logits = try model.logits(x)
    #expect(logits.shape == [2, 3])
    for n in 0..<2 {
        for u in 0..<3 {
            var z = Double(dense.bias.value.scalars[u])
            for f in 0..<8 { z += Double(features.scalars[n * 8 + f]) * Double(dense.kernel.value.scalars[f * 3 + u]) }
            #expect(abs(Double(logits.scalars[n * 3 + u]) - z) < 1e-5)
        }
    }
    let output = try model.forward(x)
    for n in 0..<2 {
        let row = (0..<3).map { Double(logits.scalars[n * 3 + $0]) }
        let total = row.map { exp($0) }.reduce(0, +)
        for u in 0..<3 { #expect(abs(exp(row[u]) / total - Double(output.scalars[n * 3 + u])) < 1e-6) }
    }
    #expect(model.outputActivation == .softmax)
}

/// The gradient of two logits with respect to the flattened features, against finite differences of the logits
/// recomputed from perturbed features (a pass that replaces the flatten layer's output).
@Test func theLogitGradientMatchesFiniteDifferences() throws {
    let model = try softmaxClassifier()
    let x = batch()
    let pass = ForwardPass(model: model, input: x)
    let features = NodeValue(node: 2)
    let below = pass.output(ofLayer: 1)
    var seed = Tensor.zeros([2, 3])
    seed.scalars[0 * 3 + 2] = 1  // image 0: logit 2
    seed.scalars[1 * 3 + 0] = 1  // image 1: logit 0
    let gradient = try #require(pass.backward(from: model.logitsValue, seed: seed, reading: [features])[features])
    func logits(_ values: Tensor) -> Tensor {
        ForwardPass(model: model, replacing: 2, with: values, base: pass, rows: [0, 1],
                    keepingBeforeActivation: [model.outputNode]).value(model.logitsValue)!
    }
    // Image 0's logit 2 and image 1's logit 0, as the seed above picks them.
    let numeric = finiteDifferences(at: below) { values in
        let z = logits(values)
        return Double(z.scalars[0 * 3 + 2]) + Double(z.scalars[1 * 3 + 0])
    }
    for (i, expected) in numeric.enumerated() {
        #expect(abs(Double(gradient.scalars[i]) - expected) < 1e-4, "feature \(i)")
    }
}

@Test func aSoftmaxActivationLayerOnTopTakesTheLogitsAsItsInput() throws {
    let model = try Model(inputShape: [4], layers: [Dense(units: 3), ActivationLayer(.softmax)], seed: 1)
    let x = Tensor(shape: [1, 4], scalars: [0.5, -1, 2, 0.25])
    #expect(try model.logits(x) == model.layers[0].run([x]).output)
    #expect(model.outputActivation == .softmax)
    let pass = ForwardPass(model: model, input: x)
    let dense = NodeValue(node: 1)
    let gradient = pass.backward(from: model.logitsValue, seed: Tensor(shape: [1, 3], scalars: [0, 1, 0]),
                                 reading: [dense])[dense]
    #expect(gradient == Tensor(shape: [1, 3], scalars: [0, 1, 0]))
    // A model without a final activation outputs its logits.
    let linear = try Model(inputShape: [4], layers: [Dense(units: 2)], seed: 1)
    #expect(linear.outputActivation == .linear)
    #expect(try linear.logits(x) == linear.forward(x))
}
