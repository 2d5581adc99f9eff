import Testing
import Foundation
import CamLabCore
import CamLabData
@testable import CamLabNN

/// Trains the CNN of Scripts/fixtures/keras_training.py from Keras' initial weights, on the same data in the same
/// order (shuffle off), and compares what `fit`, `evaluate` and `predict` give with what Keras gave.
@Suite struct KerasTrainingParityTests {
    let fixture: Safetensors.Contents

    init() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/keras_training.safetensors").path
        fixture = try Safetensors.read(path)
    }

    func tensor(_ name: String) throws -> Tensor { try #require(fixture.tensors[name], "fixture lacks \(name)") }

    /// The script's model with its initial weights loaded through `loadWeights`, as a user would load them.
    func kerasModel(optimizer: any Optimizer) throws -> Model {
        let model = try Model(inputShape: [8, 8, 1], layers: [
            Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 6, kernelSize: (3, 3), padding: .same, activation: .relu),
            MaxPooling2D(),
            Flatten(),
            Dense(units: 3, activation: .softmax),
        ], seed: 1)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let initial = fixture.tensors.filter { $0.key.hasPrefix("initial/") }
        try Safetensors.write(Dictionary(uniqueKeysWithValues: initial.map { (String($0.key.dropFirst(8)), $0.value) }),
                              to: path)
        try model.loadWeights(from: path)
        model.compile(optimizer: optimizer, loss: .sparseCategoricalCrossentropy)
        return model
    }

    /// Expects |got − want| ≤ absolute + relative·|want| everywhere, and reports the worst element if not.
    func expectClose(_ got: [Float], _ want: [Float], absolute: Float = 0, relative: Float = 0, _ what: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(got.count == want.count, "\(what): \(got.count) values, Keras has \(want.count)",
                sourceLocation: sourceLocation)
        let excess = zip(got, want).map { abs($0 - $1) - (absolute + relative * abs($1)) }
        if let index = excess.indices.max(by: { excess[$0] < excess[$1] }) {
            #expect(excess[index] <= 0, "\(what)[\(index)]: CamLab \(got[index]), Keras \(want[index])",
                    sourceLocation: sourceLocation)
        }
    }

    /// Trains run `run` of the fixture and compares it with Keras. Tolerances, measured against the fixture
    /// (TensorFlow 2.17.1, Keras 3.15.1, CPU) and set about ten times above the measured gap:
    /// - epoch loss, evaluate loss: 1e-5 relative (measured: equal after epoch 1, ≤ 1e-6 after Adam epoch 3).
    ///   A real difference is far larger: averaging epoch 1's batch losses without weighting the last batch of 6
    ///   by its size gives 1.11366 instead of Keras' 1.10455 (8e-3 relative).
    /// - accuracy: the same count of correct examples (1/70 apart would be a real difference).
    /// - final weights: `weightTolerance` absolute. Adam divides by √v, so an element whose gradient sits at
    ///   float-noise level still moves by up to lr per step; the measured gap is 9e-7 for Adam (lr 0.01,
    ///   15 steps) and 9e-8 for SGD, while a wrong update rule moves weights by ~lr = 1e-2 on the first step.
    /// - predict: 1e-5 absolute on probabilities (measured 1.4e-6 after Adam).
    func checkRun(_ run: String, optimizer: any Optimizer, epochs: Int, weightTolerance: Float) throws {
        let model = try kerasModel(optimizer: optimizer)
        let result = try model.fit(x: try tensor("x_train"), y: try tensor("y_train"), batchSize: 16,
                                   epochs: epochs, shuffle: false)
        expectClose(result.history.loss, try tensor("\(run)/history_loss").scalars, relative: 1e-5, "\(run) loss")
        expectClose(result.history.accuracy, try tensor("\(run)/history_accuracy").scalars, absolute: 1e-6,
                    "\(run) accuracy")
        for (parameter, name) in zip(model.parameters, model.weightNames) {
            let want = try tensor("\(run)/final/\(name)")
            #expect(parameter.value.shape == want.shape)
            expectClose(parameter.value.scalars, want.scalars, absolute: weightTolerance, "\(run) \(name)")
        }
        let (loss, accuracy) = try model.evaluate(x: try tensor("x_test"), y: try tensor("y_test"), batchSize: 16)
        let kerasEvaluate = try tensor("\(run)/evaluate").scalars
        expectClose([loss], [kerasEvaluate[0]], relative: 1e-5, "\(run) evaluate loss")
        expectClose([accuracy], [kerasEvaluate[1]], absolute: 1e-6, "\(run) evaluate accuracy")
        let predictions = try model.predict(try tensor("x_test"))
        let kerasPredictions = try tensor("\(run)/predict")
        #expect(predictions.shape == kerasPredictions.shape)
        expectClose(predictions.scalars, kerasPredictions.scalars, absolute: 1e-5, "\(run) predict")
    }

    @Test func adamTrainsLikeKeras() throws {
        try checkRun("adam", optimizer: Adam(learningRate: 0.01), epochs: 3, weightTolerance: 1e-5)
    }

    @Test func nesterovSGDTrainsLikeKeras() throws {
        try checkRun("sgd", optimizer: SGD(learningRate: 0.05, momentum: 0.9, nesterov: true), epochs: 2,
                     weightTolerance: 1e-6)
    }
}
