import CamLabCore
import CamLabTestSupport
import Testing
@testable import CamLabNN

/// The engine's promises: a pass is a value (layers keep nothing of it), one backward walk reads any value's
/// gradient, and guided backpropagation is a rule of that walk.
@Suite struct EngineTests {
    /// conv (relu) → conv (tanh) → flatten → dense softmax, with random biases.
    func model() throws -> Model {
        let model = try Model(inputShape: [5, 5, 2], layers: [
            Conv2D(filters: 3, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 2, kernelSize: (2, 2), activation: .tanh),
            Flatten(),
            Dense(units: 3, activation: .softmax),
        ], seed: 5)
        var generator = SeededGenerator(seed: 8)
        for p in model.parameters where p.name == "bias" {
            p.value = Tensor.uniform(p.value.shape, low: -0.3, high: 0.3, using: &generator)
        }
        return model
    }

    func input(_ seed: UInt64, batch: Int = 2) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.uniform([batch, 5, 5, 2], low: -1, high: 1, using: &generator)
    }

    func seed(_ pass: ForwardPass, classes: [Int]) -> Tensor {
        var seed = Tensor.zeros(pass.output.shape)
        for (n, c) in classes.enumerated() { seed.scalars[n * 3 + c] = 1 }
        return seed
    }

    @Test func twoPassesAliveAtOnceDoNotInterfere() throws {
        let model = try model()
        let (a, b) = (input(1), input(2))
        let input0 = NodeValue(node: 0), conv = NodeValue(node: 1)
        // Alone, one after the other.
        let passA = ForwardPass(model: model, input: a)
        let aloneA = passA.backward(from: model.logitsValue, seed: seed(passA, classes: [0, 2]), reading: [input0, conv])
        let passB = ForwardPass(model: model, input: b)
        let aloneB = passB.backward(from: model.logitsValue, seed: seed(passB, classes: [1, 1]), reading: [input0, conv])
        // Interleaved: both forward first, then backward in the other order, twice.
        let p = ForwardPass(model: model, input: a), q = ForwardPass(model: model, input: b)
        for _ in 0..<2 {
            let gq = q.backward(from: model.logitsValue, seed: seed(q, classes: [1, 1]), reading: [input0, conv])
            let gp = p.backward(from: model.logitsValue, seed: seed(p, classes: [0, 2]), reading: [input0, conv])
            #expect(gp == aloneA && gq == aloneB)
        }
        #expect(p.output == passA.output && q.output == passB.output)
    }

    /// d logit / d (the first convolution's values before its ReLU), against finite differences of the logit with
    /// those values perturbed (a pass that replaces the node's output by ReLU of them).
    @Test func gradientsBeforeAFusedActivationMatchFiniteDifferences() throws {
        let model = try model()
        let x = input(3, batch: 1)
        let pass = ForwardPass(model: model, input: x, keepingBeforeActivation: [1])
        let before = NodeValue(node: 1, beforeActivation: true)
        let z = try #require(pass.value(before))
        #expect(z != pass.output(ofLayer: 0), "the ReLU cut something")
        let g = try #require(pass.backward(from: model.logitsValue, seed: seed(pass, classes: [2]),
                                           reading: [before])[before])
        func logit(_ values: Tensor) -> Double {
            var a = values
            Activation.relu.apply(&a)
            let replaced = ForwardPass(model: model, replacing: 1, with: a, base: pass, rows: [0],
                                       keepingBeforeActivation: [model.outputNode])
            return Double(replaced.value(model.logitsValue)!.scalars[2])
        }
        let step: Float = 1e-3
        let numeric = finiteDifferences(at: z, step: step, logit)
        // Elements within a step of the ReLU's kink are skipped: a difference across it is no derivative.
        for i in z.scalars.indices where abs(z.scalars[i]) > 2 * step {
            #expect(abs(Double(g.scalars[i]) - numeric[i]) < 1e-3, "element \(i)")
        }
    }

    /// Guided backpropagation through a ReLU: the ordinary gradient where both it and the ReLU's output are
    /// positive, zero elsewhere — computed here from the ordinary gradient at the ReLU's output, one layer down.
    @Test func theGuidedRuleMasksTheOrdinaryGradientAtEachReLU() throws {
        let model = try model()
        let x = input(4, batch: 1)
        let pass = ForwardPass(model: model, input: x)
        let after = NodeValue(node: 1), before = NodeValue(node: 1, beforeActivation: true)
        let plain = pass.backward(from: model.logitsValue, seed: seed(pass, classes: [1]), reading: [after])[after]!
        let guided = pass.backward(from: model.logitsValue, seed: seed(pass, classes: [1]), reading: [before],
                                   rule: .guided)[before]!
        let y = pass.output(ofLayer: 0)
        var expected = plain
        for i in expected.scalars.indices where !(y.scalars[i] > 0 && plain.scalars[i] > 0) { expected.scalars[i] = 0 }
        #expect(guided == expected)
        #expect(guided.scalars.contains { $0 > 0 } && plain.scalars.contains { $0 < 0 })
    }

    /// An explanation in the middle of a training step changes nothing of it: a training walk's weight gradients
    /// are the same with an explanation's pass and walk in between.
    @Test func anExplanationBetweenTrainingWalksChangesNothing() throws {
        let model = try model()
        let training = ForwardPass(model: model, input: input(5), training: true)
        let once = Gradients(for: model.parameters)
        _ = training.backward(from: model.logitsValue, seed: seed(training, classes: [0, 1]), parameterGradients: once)
        let explanation = ForwardPass(model: model, input: input(6, batch: 1))
        _ = explanation.backward(from: model.logitsValue, seed: seed(explanation, classes: [2]),
                                 reading: [NodeValue(node: 0)], rule: .guided)
        let again = Gradients(for: model.parameters)
        _ = training.backward(from: model.logitsValue, seed: seed(training, classes: [0, 1]), parameterGradients: again)
        #expect(model.parameters.allSatisfy { once[$0] == again[$0] && once[$0].scalars.contains { $0 != 0 } })
    }
}

/// A training pass folds a ReLU layer into the batch normalization it alone reads: the pair computes what the two
/// layers compute one by one, and a ReLU with another reader, or at the output, is left alone.
@Test func aTrainingPassFoldsAReLUIntoTheBatchNormalizationBelowIt() throws {
    let model = try Model(inputShape: [3, 3, 2], layers: [
        BatchNormalization(), ActivationLayer(.relu), Flatten(), Dense(units: 2), ActivationLayer(.relu),
    ], seed: 2)
    #expect(model.foldableReLUs == [2], "the ReLU after the batch normalization, not the one at the output")
    var generator = SeededGenerator(seed: 4)
    let x = Tensor.uniform([4, 3, 3, 2], low: -1, high: 1, using: &generator)
    let pass = ForwardPass(model: model, input: x, training: true)
    let normalized = model.layers[0].run([x], training: true).output
    let expected = model.layers[1].run([normalized]).output
    #expect(pass.output(ofLayer: 1) == expected)
    #expect(expected.scalars.contains(0) && expected.scalars.contains { $0 > 0 })
}

/// The folded ReLU's backward step runs inside the batch normalization's (its derivative recomputed from the
/// input): the same gradients, bit for bit, as walking through the ReLU layer, which reading the value between the
/// two forces. Trainable and frozen batch normalization both.
@Test(arguments: [true, false])
func aFoldedReLUPassesGradientsBackAsTheReLULayerDoes(trainable: Bool) throws {
    let (model, pass, seed) = try normalizedConvolution(input: [5, 4, 4, 3], filters: 4, relu: true,
                                                        trainable: trainable, seed: 6)
    #expect(pass.foldedReLUs == [3])
    let output = NodeValue(node: model.outputNode), input = NodeValue(node: 0)
    let fused = Gradients(for: model.parameters), walked = Gradients(for: model.parameters)
    let a = pass.backward(from: output, seed: seed, reading: [input], parameterGradients: fused)
    let b = pass.backward(from: output, seed: seed, reading: [input, NodeValue(node: 2)], parameterGradients: walked)
    #expect(a[input] == b[input])
    for p in model.trainableParameters { #expect(fused[p] == walked[p], "\(p.name)") }
    #expect(b[NodeValue(node: 2)]!.scalars.contains(0), "the ReLU stops some gradients here")
}

/// Inference that keeps nothing folds the ReLU too, and computes what the unfolded pass computes.
@Test func inferenceFoldsAReLUIntoTheBatchNormalizationBelowIt() throws {
    let model = try Model(inputShape: [3, 3, 2], layers: [
        BatchNormalization(), ActivationLayer(.relu), Flatten(), Dense(units: 2),
    ], seed: 2)
    var generator = SeededGenerator(seed: 9)
    randomizeWeights(of: model.layers[0], using: &generator)
    let x = Tensor.uniform([4, 3, 3, 2], low: -1, high: 1, using: &generator)
    let lean = ForwardPass(model: model, input: x, keeping: .nothing)
    let kept = ForwardPass(model: model, input: x)
    #expect(lean.foldedReLUs == [2] && kept.foldedReLUs.isEmpty)
    #expect(lean.output == kept.output)
}

/// A convolution under a batch normalization forms the normalization's input gradient itself, group by group,
/// from its recipe: the same gradients, bit for bit, as the tensor the normalization would have written, which
/// reading the value between the two forces. Direct and Winograd kernels (4 and 8 filters), trainable and frozen
/// normalization, with and without the ReLU folded into it.
@Test(arguments: [(4, true, true), (8, true, true), (8, false, true), (8, true, false)])
func aConvolutionFormsTheGradientTheNormalizationAboveLeavesAsARecipe(filters: Int, trainable: Bool,
                                                                      relu: Bool) throws {
    let (model, pass, seed) = try normalizedConvolution(input: [11, 6, 6, 8], filters: filters, relu: relu,
                                                        trainable: trainable, seed: 8)
    let output = NodeValue(node: model.outputNode), input = NodeValue(node: 0), convolved = NodeValue(node: 1)
    let formed = Gradients(for: model.parameters), written = Gradients(for: model.parameters)
    let a = pass.backward(from: output, seed: seed, reading: [input], parameterGradients: formed)
    let b = pass.backward(from: output, seed: seed, reading: [input, convolved], parameterGradients: written)
    #expect(a[convolved] == nil && b[convolved] != nil)
    #expect(a[input] == b[input])
    for p in model.trainableParameters { #expect(formed[p] == written[p], "\(p.name)") }
}

/// The engine leaves a gradient as a recipe only for a layer that forms it, that alone reads the normalization's
/// input, and whose gradient no one asked for.
@Test func aRecipeGoesOnlyWhereItIsFormedAndNotRead() throws {
    final class RecipeProbe: UnaryLayer {
        var name = "", trainable = true, receivedRecipe = false
        var typeName: String { "RecipeProbe" }
        var namePrefix: String { "recipe_probe" }
        private(set) var outputShape: [Int] = []
        var formsOwnOutputGradient: Bool { true }
        var configurationDescription: String { "" }
        func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
            outputShape = inputShape
            return inputShape
        }
        func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput { LayerOutput(input) }
        func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
            receivedRecipe = step.recipe != nil
            return step.gradient
        }
    }
    let probe = RecipeProbe()
    let model = try Model(inputShape: [4, 4, 2], layers: [
        probe, BatchNormalization(), Flatten(), Dense(units: 2),
    ], seed: 1)
    var generator = SeededGenerator(seed: 2)
    let x = Tensor.uniform([3, 4, 4, 2], low: -1, high: 1, using: &generator)
    let pass = ForwardPass(model: model, input: x, training: true)
    let output = NodeValue(node: model.outputNode), seed = Tensor.ones(pass.output.shape)
    _ = pass.backward(from: output, seed: seed, reading: [NodeValue(node: 0)])
    #expect(probe.receivedRecipe)
    let read = pass.backward(from: output, seed: seed, reading: [NodeValue(node: 0), NodeValue(node: 1)])
    #expect(!probe.receivedRecipe && read[NodeValue(node: 1)] != nil)
}

/// Inference that keeps nothing folds an inference-mode batch normalization (and the ReLU after it) into the
/// convolution it alone reads: scaled filters, a mapped bias. The outputs are the unfolded pass's to float
/// rounding; training, a trainable normalization in a training-mode call, and a pass that keeps values do not fold.
@Test func inferenceFoldsABatchNormalizationIntoTheConvolutionBelowIt() throws {
    let model = try Model(inputShape: [6, 6, 3], layers: [
        Conv2D(filters: 8, kernelSize: (3, 3), padding: .same), BatchNormalization(), ActivationLayer(.relu),
        Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, useBias: false), BatchNormalization(),
        Flatten(), Dense(units: 3, activation: .softmax),
    ], seed: 5)
    var generator = SeededGenerator(seed: 12)
    for index in [1, 4] { randomizeWeights(of: model.layers[index], using: &generator, high: 1.5) }
    let x = Tensor.uniform([7, 6, 6, 3], low: -1, high: 1, using: &generator)
    let lean = ForwardPass(model: model, input: x, keeping: .nothing)
    let kept = ForwardPass(model: model, input: x)
    #expect(lean.foldedNormalizations == [2, 5] && kept.foldedNormalizations.isEmpty)
    let difference = zip(lean.output.scalars, kept.output.scalars).map { abs($0 - $1) }.max()!
    #expect(difference < 1e-6 && difference > 0 || lean.output == kept.output, "\(difference)")
    #expect(ForwardPass(model: model, input: x, training: true, keeping: .nothing).foldedNormalizations.isEmpty)
    (model.layers[1] as! BatchNormalization).trainable = false
    #expect(ForwardPass(model: model, input: x, training: true, keeping: .nothing).foldedNormalizations == [2])
}

/// In training, a convolution that a batch normalization alone reads sums its output's channels as it writes
/// them, and the normalization takes its batch statistics from those sums: the same statistics (to Double
/// rounding, summed in another order) as the normalization's own pass over the output, for direct and Winograd
/// kernels. A frozen normalization or an inference pass asks for none.
@Test(arguments: [4, 8])
func aConvolutionSumsTheChannelsTheNormalizationAboveItReads(filters: Int) throws {
    let model = try Model(inputShape: [6, 6, 8], layers: [
        Conv2D(filters: filters, kernelSize: (3, 3), padding: .same, useBias: false), BatchNormalization(),
        ActivationLayer(.relu), Flatten(), Dense(units: 3, activation: .softmax),
    ], seed: 6)
    #expect(model.channelSummingNodes(training: true) == [1])
    #expect(model.channelSummingNodes(training: false).isEmpty)
    var generator = SeededGenerator(seed: 13)
    let x = Tensor.uniform([19, 6, 6, 8], low: -1, high: 1, using: &generator)
    let pass = ForwardPass(model: model, input: x, training: true)
    let convolved = model.layers[0].run([x]).output
    let alone = model.layers[1].run([convolved], training: true)
    #expect(pass.stateUpdates.count == 2 && alone.updates.count == 2)
    for (summed, own) in zip(pass.stateUpdates, alone.updates) {
        let difference = zip(summed.value.scalars, own.value.scalars).map { abs($0 - $1) }.max()!
        #expect(difference <= 1e-6, "\(summed.parameter.name): \(difference)")
    }
    (model.layers[1] as! BatchNormalization).trainable = false
    #expect(model.channelSummingNodes(training: true).isEmpty)
}

/// A batch normalization's weights drawn from [-0.5, high), its moving variance from [0.5, high), so that every
/// part of its map shows in a test.
private func randomizeWeights(of layer: Layer, using generator: inout SeededGenerator, high: Float = 1) {
    for p in layer.parameters {
        p.value = Tensor.uniform(p.value.shape, low: p.name == "moving_variance" ? 0.5 : -0.5, high: high,
                                 using: &generator)
    }
}

/// A training pass over convolution → batch normalization (weights drawn at random) → ReLU (or a linear
/// activation) → flatten → dense, and a random gradient to walk it back from.
private func normalizedConvolution(input shape: [Int], filters: Int, relu: Bool, trainable: Bool,
                                   seed: UInt64) throws -> (Model, ForwardPass, Tensor) {
    let model = try Model(inputShape: Array(shape.dropFirst()), layers: [
        Conv2D(filters: filters, kernelSize: (3, 3), padding: .same), BatchNormalization(),
        ActivationLayer(relu ? .relu : .linear), Flatten(), Dense(units: 3, activation: .softmax),
    ], seed: 3)
    var generator = SeededGenerator(seed: seed)
    model.layers[1].trainable = trainable
    randomizeWeights(of: model.layers[1], using: &generator)
    let pass = ForwardPass(model: model, input: Tensor.uniform(shape, low: -1, high: 1, using: &generator),
                           training: true)
    return (model, pass, Tensor.uniform(pass.output.shape, low: -1, high: 1, using: &generator))
}
