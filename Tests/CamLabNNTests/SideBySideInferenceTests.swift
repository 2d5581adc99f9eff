import CamLabCore
import Dispatch
import Synchronization
import Testing
@testable import CamLabNN

/// `predict` and `evaluate` run groups of examples through the model on each worker side by side
/// (`Model.outputsInGroups`); the outputs are those of one pass over all the examples, bit for bit on CamLab's
/// own kernels.
@Suite struct SideBySideInferenceTests {
    /// Every kind of CamLab kernel a pass runs: the direct convolution (1 channel), Winograd (8 → 8), batch
    /// normalization in inference, max pooling and the narrow dense kernels (12 and 10 units).
    func model() throws -> Model {
        let model = try Model(inputShape: [12, 12, 1], layers: [
            try Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
            try Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, useBias: false),
            try BatchNormalization(), ActivationLayer(.relu), try MaxPooling2D(), Flatten(),
            try Dense(units: 12, activation: .relu), try Dense(units: 10, activation: .softmax),
        ], seed: 21)
        // Moving statistics other than 0 and 1, so that inference-mode normalization does something.
        let normalization = try #require(model.layers[2] as? BatchNormalization)
        var generator = SeededGenerator(seed: 22)
        normalization.movingMean.value = Tensor.uniform([8], low: -0.5, high: 0.5, using: &generator)
        normalization.movingVariance.value = Tensor.uniform([8], low: 0.5, high: 2, using: &generator)
        return model
    }

    func input(_ count: Int) -> Tensor {
        var generator = SeededGenerator(seed: 23)
        return Tensor.uniform([count, 12, 12, 1], low: 0, high: 1, using: &generator)
    }

    @Test func predictGivesTheOutputsOfOnePassOverEveryExample() throws {
        let model = try model()
        #expect(model.runsInferenceSideBySide == (Parallel.workers > 1))
        let x = input(205)
        let whole = ForwardPass(model: model, input: x, keeping: .nothing).output
        // Groups of 7 leave 2 examples for the last one; 1, examples alone; 256, one pass over all.
        for batchSize in [7, 1, 256] {
            #expect(model.inferenceSlices(batchSize).group == batchSize)
            #expect(try model.predict(x, batchSize: batchSize) == whole, "batch size \(batchSize)")
        }
        #expect(model.outputsInGroups(x, examples: 0..<205, groupSize: 5) == whole)
        let middle = ForwardPass(model: model, input: try x.slice(50..<120), keeping: .nothing).output
        #expect(model.outputsInGroups(x, examples: 50..<120, groupSize: 6) == middle)
    }

    /// A model with more weights than `sideBySideWeights` runs its passes one after the other, each layer split
    /// between the workers: the same outputs, up to sgemm's rounding (its 128-unit layer runs BLAS, whose sums for
    /// a row may depend on how many rows a call has).
    @Test func aLargerModelsPassesRunOneAfterTheOther() throws {
        let model = try Model(inputShape: [12, 12, 1], layers: [
            try Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu), Flatten(),
            try Dense(units: 128, activation: .relu), try Dense(units: 10, activation: .softmax),
        ], seed: 24)
        #expect(!model.runsInferenceSideBySide, "12 × 12 × 8 × 128 weights in the first dense layer alone")
        let x = input(50)
        let whole = ForwardPass(model: model, input: x, keeping: .nothing).output
        let grouped = try model.predict(x, batchSize: 7)
        #expect(grouped.shape == whole.shape)
        #expect(zip(grouped.scalars, whole.scalars).allSatisfy { abs($0 - $1) <= 1e-6 })
    }

    @Test func evaluateScoresTheSameOutputs() throws {
        let model = try model()
        model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
        let x = input(101)
        let y = Tensor((0..<101).map { Float($0 % 10) })
        let whole = ForwardPass(model: model, input: x, keeping: .nothing).output
        let expected = Loss.sparseCategoricalCrossentropy.evaluate(predictions: whole, targets: y, softmaxTop: false)
        let (loss, accuracy) = try model.evaluate(x: x, y: y, batchSize: 9)
        #expect(abs(loss - expected.loss) <= 1e-6 * max(1, abs(expected.loss)))
        let predicted = try whole.argmax(axis: 1)
        let correct = zip(predicted.scalars, y.scalars).filter { $0 == $1 }.count
        #expect(accuracy == Float(correct) / 101)
    }

    /// Threads predicting at once share each convolution's per-worker scratch, each worker's under its own lock.
    @Test func threadsPredictingAtOnceGetTheSameOutputs() throws {
        let model = try model()
        let x = input(64)
        let whole = ForwardPass(model: model, input: x, keeping: .nothing).output
        let shared = UncheckedModel(model: model)
        let wrong = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 6) { round in
            for batchSize in [3, 8, 64] where (try? shared.model.predict(x, batchSize: batchSize + round)) != whole {
                wrong.add(1, ordering: .relaxed)
            }
        }
        #expect(wrong.load(ordering: .relaxed) == 0)
    }
}

private struct UncheckedModel: @unchecked Sendable {
    let model: Model
}
