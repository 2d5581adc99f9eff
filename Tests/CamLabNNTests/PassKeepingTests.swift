import CamLabCore
import CamLabTestSupport
import Testing
@testable import CamLabNN

/// A training pass keeps only what the layers' backward steps read (`Layer.backwardReads`) and its walk backward
/// releases each value after its last reader, with the weights' gradients of a pass that keeps everything, bit for
/// bit. (A layer alone is handed only what it declares too, so the finite-difference checks of each layer's gradient
/// check its declaration.)
@Suite struct PassKeepingTests {
    /// Conv-BN-ReLU blocks, as the CIFAR-shaped benchmark: 1 conv, 2 BN, 3 ReLU, 4 max pooling, 5 conv, 6 BN,
    /// 7 ReLU, 8 global average pooling, 9 dense softmax.
    func model() throws -> Model {
        func block(_ filters: Int) throws -> [any Layer] {
            [try Conv2D(filters: filters, kernelSize: (3, 3), padding: .same, useBias: false),
             try BatchNormalization(), ActivationLayer(.relu)]
        }
        return try Model(inputShape: [6, 6, 3], layers: try block(4) + [MaxPooling2D()] + block(8)
                             + [GlobalAveragePooling2D(), Dense(units: 3, activation: .softmax)], seed: 11)
    }

    func input() -> Tensor {
        var generator = SeededGenerator(seed: 12)
        return Tensor.uniform([5, 6, 6, 3], low: -1, high: 1, using: &generator)
    }

    func seed(_ pass: ForwardPass) -> Tensor {
        var generator = SeededGenerator(seed: 13)
        return Tensor.uniform(pass.output.shape, low: -1, high: 1, using: &generator)
    }

    @Test func aTrainingPassKeepsOnlyWhatBackwardStepsRead() throws {
        let model = try model()
        let lean = ForwardPass(model: model, input: input(), training: true, keeping: .whatBackwardReads)
        let kept = (0...model.outputNode).filter { lean.value(NodeValue(node: $0)) != nil }
        // The input and the pooled values (the convolutions' inputs), the conv outputs (the batch normalizations'
        // inputs), the dense's input and the output; not the ReLU'd batch normalizations, read by max pooling (its
        // winners alone) and global average pooling (the shape alone).
        #expect(kept == [0, 1, 4, 5, 8, 9], "kept nodes \(kept)")
        let everything = ForwardPass(model: model, input: input(), training: true)
        #expect(everything.value(NodeValue(node: 3)) != nil && everything.value(NodeValue(node: 7)) != nil)
        #expect(lean.output == everything.output)
    }

    @Test func walkingATrainingPassBackOnceGivesTheGradientsOfAPassThatKeepsEverything() throws {
        let model = try model()
        let everything = ForwardPass(model: model, input: input(), training: true)
        let expected = Gradients(for: model.trainableParameters)
        _ = everything.backward(from: model.logitsValue, seed: seed(everything), parameterGradients: expected)

        var lean = ForwardPass(model: model, input: input(), training: true, keeping: .whatBackwardReads)
        let released = Gradients(for: model.trainableParameters)
        lean.backwardReleasing(from: model.logitsValue, seed: seed(lean), parameterGradients: released)
        for p in model.trainableParameters { #expect(released[p] == expected[p], "\(p.name)") }
        #expect((1..<model.outputNode).allSatisfy { lean.value(NodeValue(node: $0)) == nil },
                "the walk released every value below the output")
    }

    /// `fit` (lean passes, released as the walk goes) moves the weights exactly as steps over passes that keep
    /// everything do.
    @Test func fitTrainsAsPassesThatKeepEverythingDo() throws {
        let (lean, full) = (try model(), try model())
        let x = input()
        let y = Tensor(shape: [5], scalars: [0, 2, 1, 1, 0])
        for model in [lean, full] { model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy) }
        try lean.fit(x: x, y: y, batchSize: 5, epochs: 3, shuffle: false)
        let gradients = Gradients(for: full.trainableParameters)
        for _ in 0..<3 {
            gradients.zero()
            let pass = ForwardPass(model: full, input: x, training: true)
            let (_, seed) = Loss.sparseCategoricalCrossentropy.evaluate(predictions: pass.output, targets: y,
                                                                         softmaxTop: true)
            _ = pass.backward(from: full.logitsValue, seed: seed, parameterGradients: gradients)
            pass.commitStateUpdates()
            full.optimizer!.step(full.trainableParameters, gradients: gradients)
        }
        for (a, b) in zip(lean.parameters, full.parameters) { #expect(a.value == b.value, "\(a.name)") }
    }
}
