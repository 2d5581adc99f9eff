import Foundation
import Testing
import CamLabCore
import CamLabData
import CamLabNN
@testable import CamLabModelFiles

/// Models CamLab writes as .h5 and .keras load back into CamLab with the same predictions. The files and CamLab's
/// predictions are left in .build/keras-roundtrip/, where Scripts/keras-roundtrip loads them in TensorFlow 2.15 and
/// Keras 3 (keras_roundtrip.py).
@Suite struct KerasSaveTests {
    static let output = Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/keras-roundtrip")

    @Test("a saved model loads back with the same predictions", arguments: ["tf215_sequential.h5", "keras3_residual.keras"])
    func roundTrip(_ file: String) throws {
        let model = try ModelFiles.load(path: Fixtures.path(file))
        let stem = String(file.split(separator: ".")[0])
        let (x, _) = try Fixtures.predictions(stem)
        let expected = try model.predict(x)
        try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
        for format in ["h5", "keras"] {
            let path = Self.output.appendingPathComponent("camlab_\(stem).\(format)").path
            try ModelFiles.save(model, path: path)
            let back = try ModelFiles.load(path: path)
            #expect(back.layers.map(\.name) == model.layers.map(\.name))
            #expect(back.isSequential == model.isSequential)
            #expect(maxDifference(try back.predict(x), expected) == 0, "\(format)")
        }
        try Safetensors.write(["x": x, "y": expected], metadata: ["writer": "camlab"],
                              to: Self.output.appendingPathComponent("camlab_\(stem).safetensors").path)
    }

    /// A compiled model trained a few steps, with its optimizer's state beside it (iterations, and Adam's m_I and
    /// v_I per trainable weight) for keras_roundtrip.py to compare with the optimizer Keras restores.
    @Test func trainedModelWithItsOptimizer() throws {
        let model = try KerasOptimizerTests.model()
        model.compile(optimizer: Adam(learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6), loss: .sparseCategoricalCrossentropy)
        let (x, y) = KerasOptimizerTests.data()
        try model.fit(x: x, y: y, batchSize: 2, epochs: 1, shuffle: false)
        try FileManager.default.createDirectory(at: Self.output, withIntermediateDirectories: true)
        // The default forms (.keras for Keras 3, .h5 for TensorFlow 2.15) and the other two, named for their Keras.
        for (name, keras) in [("camlab_adam.h5", nil), ("camlab_adam.keras", nil), ("camlab_adam_for_tf215.keras", 2),
                              ("camlab_adam_for_keras3.h5", 3)] {
            try ModelFiles.save(model, path: Self.output.appendingPathComponent(name).path, keras: keras)
        }
        let state = model.optimizer!.state(of: model.trainableParameters)
        var tensors = ["x": x, "y": try model.predict(x), "labels": y, "iterations": Tensor([Float(state.iterations)])]
        for (index, (parameter, slots)) in zip(model.trainableParameters, state.slots).enumerated() {
            tensors["m_\(index)"] = Tensor(shape: parameter.value.shape, scalars: slots[0])
            tensors["v_\(index)"] = Tensor(shape: parameter.value.shape, scalars: slots[1])
        }
        for stem in ["camlab_adam", "camlab_adam_for_tf215", "camlab_adam_for_keras3"] {
            try Safetensors.write(tensors, metadata: ["writer": "camlab"],
                                  to: Self.output.appendingPathComponent("\(stem).safetensors").path)
        }
    }

    @Test func unknownFormat() throws {
        let model = try ModelFiles.load(path: Fixtures.path("tf215_sequential.h5"))
        #expect(throws: Problem("cannot save a model as 'm.onnx': CamLab writes .keras and .h5 model files")) {
            try ModelFiles.encode(model, format: "onnx", source: "'m.onnx'")
        }
    }
}
