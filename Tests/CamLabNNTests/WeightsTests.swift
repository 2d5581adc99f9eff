import Testing
import Foundation
import CamLabCore
import CamLabData
@testable import CamLabNN

@Suite struct WeightsTests {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/keras_tiny.safetensors").path

    /// The model Scripts/fixtures/keras_weights.py built in Keras.
    func kerasTinyModel() throws -> Model {
        try Model(inputShape: [5, 6, 2], layers: [
            Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 3, kernelSize: (3, 3), strides: (2, 2), padding: .same, activation: .tanh),
            MaxPooling2D(),
            Flatten(),
            Dense(units: 3, activation: .softmax),
        ], seed: 99)
    }

    func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("camlab-\(UUID())-\(name)").path
    }

    @Test func kerasWeightsGiveKerasPredictions() throws {
        let model = try kerasTinyModel()
        let contents = try Safetensors.read(fixture)
        // The fixture also carries the inputs and Keras' outputs; keep only the weights for loading.
        let weightsOnly = temporaryPath("weights.safetensors")
        defer { try? FileManager.default.removeItem(atPath: weightsOnly) }
        try Safetensors.write(contents.tensors.filter { $0.key.contains("/") }, to: weightsOnly)
        try model.loadWeights(from: weightsOnly)
        let predictions = try model.predict(contents.tensors["input"]!)
        let expected = contents.tensors["keras_predictions"]!
        #expect(predictions.shape == expected.shape)
        for (got, want) in zip(predictions.scalars, expected.scalars) { #expect(abs(got - want) < 1e-5) }
    }

    @Test func saveThenLoadRoundTrips() throws {
        let path = temporaryPath("round.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let source = try kerasTinyModel()
        try source.saveWeights(to: path)
        let target = try Model(inputShape: [5, 6, 2], layers: [
            Conv2D(filters: 4, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 3, kernelSize: (3, 3), strides: (2, 2), padding: .same, activation: .tanh),
            MaxPooling2D(), Flatten(), Dense(units: 3, activation: .softmax),
        ], seed: 1)
        #expect(target.parameters.map(\.value) != source.parameters.map(\.value))
        try target.loadWeights(from: path)
        #expect(target.parameters.map(\.value) == source.parameters.map(\.value))
        #expect(try Safetensors.read(path).names.sorted() == source.weightNames.sorted())
    }

    @Test func mismatchedWeightsSayWhatDoesNotFitAndChangeNothing() throws {
        let path = temporaryPath("other.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let other = try Model(inputShape: [5, 6, 2], layers: [
            Conv2D(filters: 5, kernelSize: (3, 3), padding: .same), Flatten(), Dense(units: 3),
        ])
        try other.saveWeights(to: path)
        let model = try kerasTinyModel()
        let before = model.parameters.map(\.value)
        #expect(throws: Problem("the weights in '\(path)' do not fit model 'sequential': missing conv2d_1/kernel, "
                                   + "conv2d_1/bias; conv2d/kernel has shape (3, 3, 2, 5), the model needs "
                                   + "(3, 3, 2, 4); conv2d/bias has shape (5,), the model needs (4,); dense/kernel "
                                   + "has shape (150, 3), the model needs (3, 3)")) {
            try model.loadWeights(from: path)
        }
        #expect(model.parameters.map(\.value) == before)
    }
}
