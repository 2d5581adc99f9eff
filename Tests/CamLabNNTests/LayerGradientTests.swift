import Testing
import CamLabCore
@testable import CamLabNN

// Every layer's backward pass against finite differences, for its input and its weights.
@Suite struct LayerGradientTests {
    @Test(arguments: [Padding.same, .valid])
    func conv2DWithSmoothActivation(padding: Padding) throws {
        let layer = try Conv2D(filters: 3, kernelSize: (3, 3), padding: padding, activation: .tanh)
        #expect(try maxGradientError(of: layer, inputShape: [5, 6, 2]) < 2e-3)
    }

    @Test func conv2DWithStridesAndRectangularKernel() throws {
        let layer = try Conv2D(filters: 2, kernelSize: (2, 3), strides: (2, 2), padding: .same, activation: .sigmoid)
        #expect(try maxGradientError(of: layer, inputShape: [5, 7, 3]) < 2e-3)
    }

    @Test func conv2DWithReLU() throws {
        let layer = try Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu)
        // A small step keeps the finite differences from crossing ReLU's kink.
        #expect(try maxGradientError(of: layer, inputShape: [4, 4, 2], step: 1e-3) < 1e-2)
    }

    @Test(arguments: [Activation.linear, .relu, .sigmoid, .tanh, .softmax])
    func dense(activation: Activation) throws {
        let layer = try Dense(units: 4, activation: activation)
        #expect(try maxGradientError(of: layer, inputShape: [5], batch: 3, step: 1e-3) < 1e-2)
    }

    @Test func flatten() throws {
        #expect(try maxGradientError(of: Flatten(), inputShape: [2, 3, 2]) < 1e-3)
    }

    @Test func maxPooling() throws {
        // Distinct, well-separated values: no window has a near-tie that a finite step could flip.
        var generator = SeededGenerator(seed: 3)
        let values = (0..<(2 * 4 * 6 * 2)).map { Float($0) * 0.1 }.shuffled(using: &generator)
        let input = Tensor(shape: [2, 4, 6, 2], scalars: values)
        #expect(try maxGradientError(of: MaxPooling2D(), inputShape: [4, 6, 2], input: input) < 1e-3)
        #expect(try maxGradientError(of: MaxPooling2D(poolSize: (3, 3), strides: (2, 2), padding: .same),
                                     inputShape: [4, 6, 2], input: input) < 1e-3)
    }

    /// A pass that never goes backward skips the winners; its maxima are the same, ties and padding included.
    @Test func maxPoolingWithoutWinnersGivesTheSameMaxima() throws {
        var generator = SeededGenerator(seed: 7)
        // Few distinct values, so windows tie; 19 channels leave a remainder after the vector loop.
        let input = Tensor(shape: [3, 7, 9, 19], scalars: (0..<(3 * 7 * 9 * 19)).map { _ in
            Float(Int.random(in: -4...4, using: &generator))
        })
        let pools = [try MaxPooling2D(), try MaxPooling2D(poolSize: (3, 3), strides: (2, 2), padding: .same),
                     try MaxPooling2D(poolSize: (3, 3), strides: (2, 2),
                                      explicitPadding: ExplicitPadding(top: 1, bottom: 1, left: 1, right: 1))]
        for pool in pools {
            _ = try pool.build(inputShapes: [[7, 9, 19]], generator: &generator)
            var call = LayerCall(training: false, applyActivation: true, random: RandomStream(seed: 0))
            let kept = pool.forward([input], call)
            call.keepsMemo = false
            let skipped = pool.forward([input], call)
            #expect(kept.output.shape == skipped.output.shape)
            #expect(kept.output.scalars == skipped.output.scalars)
            #expect(kept.memo is MaxPooling2D.Winners && skipped.memo == nil)
        }
        // Inference that keeps no outputs asks for no winners and predicts the same.
        let model = try Model(inputShape: [7, 9, 19], layers: [MaxPooling2D(), Flatten()], seed: 1)
        let inference = ForwardPass(model: model, input: input, keeping: .nothing)
        #expect(inference.output.scalars == ForwardPass(model: model, input: input).output.scalars)
        #expect(inference.memos.allSatisfy { $0 == nil })
    }

    @Test func dropoutAtInferenceIsIdentity() throws {
        #expect(try maxGradientError(of: Dropout(rate: 0.5), inputShape: [6]) < 1e-3)
    }

    @Test func dropoutWhileTrainingScalesSurvivors() throws {
        let layer = try Dropout(rate: 0.25)
        var generator = SeededGenerator(seed: 1)
        _ = try layer.build(inputShape: [1000], generator: &generator)
        let x = Tensor.ones([1, 1000])
        let result = layer.run([x], training: true)
        let y = result.output
        let kept = y.scalars.filter { $0 != 0 }
        #expect(kept.allSatisfy { abs($0 - 1 / 0.75) < 1e-6 })
        #expect(abs(Float(kept.count) / 1000 - 0.75) < 0.05)
        let dx = try #require(layer.runBackward(Tensor.ones([1, 1000]), inputs: [x], result: result, training: true)[0])
        #expect(dx.scalars == y.scalars, "the gradient flows exactly where the data did")
    }

    @Test func activationLayer() throws {
        #expect(try maxGradientError(of: ActivationLayer(.tanh), inputShape: [3, 2]) < 1e-3)
    }
}
