import Testing
import CamLabCore
@testable import CamLabNN

@Suite struct LossTests {
    /// The fused softmax + cross-entropy gradient, pushed through a Dense layer, against finite differences of
    /// the loss with respect to the layer's weights.
    @Test(arguments: [Loss.sparseCategoricalCrossentropy, .categoricalCrossentropy])
    func softmaxCrossEntropyGradient(loss: Loss) throws {
        var generator = SeededGenerator(seed: 11)
        let model = try Model(inputShape: [4], layers: [Dense(units: 3, activation: .softmax)], seed: 2)
        let x = Tensor.uniform([5, 4], low: -2, high: 2, using: &generator)
        let labels: [Float] = [0, 2, 1, 2, 0]
        let y = loss == .sparseCategoricalCrossentropy
            ? Tensor(labels)
            : Tensor(shape: [5, 3], scalars: labels.flatMap { l in (0..<3).map { Float($0) == l ? 1 : 0 } })
        func lossValue() -> Double {
            let p = try! model.forward(x)
            return Double(loss.evaluate(predictions: p, targets: y, softmaxTop: false).loss)
        }
        let p = try model.forward(x)
        let (_, gradient) = loss.evaluate(predictions: p, targets: y, softmaxTop: true)
        let gradients = Gradients(for: model.parameters)
        _ = ForwardPass(model: model, input: x).backward(from: model.logitsValue, seed: gradient,
                                                           parameterGradients: gradients)
        for parameter in model.parameters {
            let numeric = finiteDifferences(of: parameter, step: 1e-2) { lossValue() }
            for (i, expected) in numeric.enumerated() {
                #expect(abs(Double(gradients[parameter].scalars[i]) - expected) < 2e-3,
                        "\(parameter.name)[\(i)]: analytic \(gradients[parameter].scalars[i]) vs numeric \(expected)")
            }
        }
    }

    @Test func crossEntropyValueByHand() throws {
        let p = Tensor(shape: [2, 3], scalars: [0.7, 0.2, 0.1, 0.1, 0.1, 0.8])
        let (value, _) = Loss.sparseCategoricalCrossentropy.evaluate(predictions: p, targets: Tensor([0, 2]),
                                                                     softmaxTop: false)
        // -(ln 0.7 + ln 0.8) / 2
        #expect(abs(value - 0.2899092) < 1e-6)
    }

    @Test func fusedGradientIsExactWhenProbabilityUnderflows() {
        // The true class got probability 0: the clipped log-loss saturates, the fused gradient stays p - 1.
        let p = Tensor(shape: [1, 2], scalars: [1, 0])
        let (value, gradient) = Loss.sparseCategoricalCrossentropy.evaluate(predictions: p, targets: Tensor([1]),
                                                                            softmaxTop: true)
        #expect(abs(value - 16.118095) < 1e-4, "-ln(1e-7), Keras' clipping")
        #expect(gradient.scalars == [1, -1])
    }

    @Test func labelsOutOfRangeAreReported() {
        #expect(throws: Problem("sparse_categorical_crossentropy: label 3 is not a class id in 0..<3")) {
            try Loss.sparseCategoricalCrossentropy.validate(predictionShape: [2, 3], targets: Tensor([0, 3]))
        }
    }
}
