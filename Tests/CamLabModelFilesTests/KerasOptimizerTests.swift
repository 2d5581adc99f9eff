import Foundation
import Testing
import CamLabCore
import CamLabData
import CamLabNN
@testable import CamLabModelFiles

/// A compiled model's optimizer goes into Keras files and comes back: Keras' own files (Scripts/fixtures/
/// keras_optimizer_state.py, trained 3 steps with Adam) restore Keras' step count and moments, and a model CamLab
/// saves and loads mid-training trains on exactly as if it had never stopped.
@Suite struct KerasOptimizerTests {
    static func model() throws -> Model {
        try Model(inputShape: [4, 4, 1], layers: [
            Conv2D(filters: 2, kernelSize: (3, 3), activation: .relu), BatchNormalization(), Flatten(),
            Dense(units: 3, activation: .softmax),
        ], seed: 3)
    }

    static func data() -> (x: Tensor, y: Tensor) {
        var generator = SeededGenerator(seed: 5)
        return (Tensor.uniform([6, 4, 4, 1], using: &generator), Tensor([0, 1, 2, 0, 1, 2]))
    }

    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("camlab-optimizer-\(getpid())-\(name)").path
    }

    @Test("fit 2 epochs equals fit 1, save, load, fit 1", arguments: [("keras", nil), ("h5", nil), ("keras", 2), ("h5", 3)])
    func fitContinuesAfterLoading(_ format: String, keras: Int?) throws {
        let (x, y) = Self.data()
        let straight = try Self.model()
        straight.compile(optimizer: Adam(learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6), loss: .sparseCategoricalCrossentropy)
        try straight.fit(x: x, y: y, batchSize: 2, epochs: 2, shuffle: false)

        let first = try Self.model()
        first.compile(optimizer: Adam(learningRate: 0.01, beta1: 0.8, beta2: 0.99, epsilon: 1e-6), loss: .sparseCategoricalCrossentropy)
        try first.fit(x: x, y: y, batchSize: 2, epochs: 1, shuffle: false)
        // A file of its own: the four cases run at once, and two of them share each format.
        let path = Self.temporaryPath("continue-keras\(keras.map(String.init) ?? "").\(format)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelFiles.save(first, path: path, keras: keras)
        var warnings: [String] = []
        let loaded = try ModelFiles.load(path: path, warnings: &warnings)
        #expect(warnings.isEmpty, "\(warnings)")
        let adam = try #require(loaded.optimizer as? Adam)
        #expect(adam.iterations == 3 && adam.learningRate == 0.01 && adam.beta1 == 0.8 && adam.beta2 == 0.99 && adam.epsilon == 1e-6)
        #expect(loaded.loss == .sparseCategoricalCrossentropy)
        try loaded.fit(x: x, y: y, batchSize: 2, epochs: 1, shuffle: false)
        #expect(adam.iterations == 6)
        let worst = zip(straight.parameters, loaded.parameters).map { maxDifference($0.value, $1.value) }.max() ?? .infinity
        #expect(worst <= 1e-6, "largest weight difference \(worst)")
    }

    @Test("Keras' files restore Keras' optimizer", arguments: ["tf215_adam.keras", "tf215_adam.h5", "keras3_adam.keras", "keras3_adam.h5"])
    func kerasFixtures(_ file: String) throws {
        var warnings: [String] = []
        let model = try ModelFiles.load(path: Fixtures.path(file), warnings: &warnings)
        #expect(warnings.isEmpty, "\(warnings)")
        let stored = try Safetensors.read(Fixtures.path(String(file.split(separator: ".")[0]) + ".safetensors")).tensors
        let adam = try #require(model.optimizer as? Adam)
        #expect(adam.learningRate == 0.01 && adam.beta1 == 0.8 && adam.beta2 == 0.99 && adam.epsilon == 1e-6)
        #expect(model.loss == .sparseCategoricalCrossentropy)
        #expect(Float(adam.iterations) == stored["iterations"]?.scalars.first)
        let state = adam.state(of: model.trainableParameters)
        #expect(state.slots.count == 6)
        for (index, slots) in state.slots.enumerated() {
            #expect(slots[0] == stored["m_\(index)"]?.scalars, "m_\(index)")
            #expect(slots[1] == stored["v_\(index)"]?.scalars, "v_\(index)")
        }
        #expect(maxDifference(try model.predict(try #require(stored["x"])), try #require(stored["y"])) <= 1e-5)
    }

    /// Keras' other fixtures: tf.keras 2.15 keeps `optimizer: "adam"` by name in a .keras config (Keras'
    /// defaults; tf215_fashion was trained, 4 epochs) and, for a model compiled but never trained, the step count
    /// alone in an .h5; Keras 3 leaves an optimizer given by name out of a .keras config (it loads uncompiled).
    @Test("Keras' other fixtures load compiled as Keras would", arguments: [
        ("tf215_fashion.keras", 3_752), ("tf215_sequential.h5", 0), ("keras3_residual.h5", 0), ("keras3_sequential.keras", nil),
    ])
    func otherKerasFixtures(_ file: String, iterations: Int?) throws {
        var warnings: [String] = []
        let model = try ModelFiles.load(path: Fixtures.path(file), warnings: &warnings)
        #expect(warnings.isEmpty, "\(warnings)")
        #expect((model.optimizer as? Adam)?.iterations == iterations)
        if let adam = model.optimizer as? Adam { #expect(adam.learningRate == 0.001 && adam.beta1 == 0.9) }
    }

    @Test func sgdWithMomentumRoundTrips() throws {
        let (x, y) = Self.data()
        let model = try Self.model()
        model.compile(optimizer: SGD(learningRate: 0.05, momentum: 0.9, nesterov: true), loss: .sparseCategoricalCrossentropy)
        try model.fit(x: x, y: y, batchSize: 3, epochs: 1, shuffle: false)
        for (format, keras) in [("keras", 3), ("h5", 2), ("keras", 2), ("h5", 3)] {
            var warnings: [String] = []
            let back = try ModelFiles.decode(try ModelFiles.encode(model, format: format, source: "m", keras: keras),
                                             format: format, source: "m", warnings: &warnings)
            #expect(warnings.isEmpty, "\(warnings)")
            let sgd = try #require(back.optimizer as? SGD)
            #expect(sgd.momentum == 0.9 && sgd.nesterov && sgd.learningRate == 0.05)
            #expect(sgd.state(of: back.trainableParameters) == model.optimizer!.state(of: model.trainableParameters))
        }
    }

    @Test func kerasVersionsCamLabWritesFor() throws {
        #expect(throws: Problem("cannot save for Keras 4: CamLab writes for tf.keras 2.15 (keras: 2) and Keras 3 (keras: 3)")) {
            try ModelFiles.encode(try Self.model(), format: "keras", source: "m", keras: 4)
        }
    }

    @Test func uncompiledModelsSaveNoOptimizer() throws {
        var warnings: [String] = []
        for format in ["keras", "h5"] {
            let back = try ModelFiles.decode(try ModelFiles.encode(try Self.model(), format: format, source: "m"),
                                             format: format, source: "m", warnings: &warnings)
            #expect(back.optimizer == nil && back.loss == nil)
        }
        #expect(warnings.isEmpty)
    }

    /// An optimizer section CamLab cannot take up is skipped with a warning; the model itself always loads.
    @Test func foreignOrDamagedOptimizerSectionsWarn() throws {
        let (x, y) = Self.data()
        let model = try Self.model()
        model.compile(optimizer: SGD(learningRate: 0.05, momentum: 0.9), loss: .sparseCategoricalCrossentropy)
        try model.fit(x: x, y: y, batchSize: 3, epochs: 1, shuffle: false)
        let archive = try ZipArchive(bytes: try ModelFiles.encode(model, format: "keras", source: "m"), source: "m")
        func loading(config edit: (String) -> String) throws -> (Model, [String]) {
            let config = edit(String(decoding: try archive.read("config.json"), as: UTF8.self))
            let bytes = ZipArchive.write([("metadata.json", try archive.read("metadata.json")),
                                          ("config.json", Array(config.utf8)),
                                          ("model.weights.h5", try archive.read("model.weights.h5"))])
            var warnings: [String] = []
            return (try ModelFiles.decode(bytes, format: "keras", source: "'m.keras'", warnings: &warnings), warnings)
        }
        // Adam's config over SGD's variables: compiled, with a fresh state.
        let (adam, adamWarnings) = try loading { $0.replacingOccurrences(of: "\"SGD\"", with: "\"Adam\"") }
        #expect(adamWarnings == ["'m.keras': the optimizer's saved state is not used (8 variables where Adam over the "
                                 + "model's 6 trainable weights keeps 13 (or 14 with the learning rate)); fit starts from a "
                                 + "fresh adam(learning_rate: 0.05, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-07)"])
        #expect((adam.optimizer as? Adam)?.iterations == 0)
        #expect(maxDifference(try adam.predict(x), try model.predict(x)) == 0)
        // An optimizer CamLab does not have: uncompiled.
        let (rms, rmsWarnings) = try loading { $0.replacingOccurrences(of: "\"SGD\"", with: "\"RMSprop\"") }
        #expect(rmsWarnings == ["'m.keras': CamLab has no optimizer RMSprop; it has Adam and SGD; the model loads "
                                + "uncompiled (compile it before fit)"])
        #expect(rms.optimizer == nil)
        // A compile_config that is not an object, and a loss CamLab lacks.
        let (_, garbled) = try loading {
            $0.replacingOccurrences(of: "\"compile_config\":{", with: "\"compile_config\":\"adam\",\"unused\":{")
        }
        #expect(garbled == ["'m.keras': its training config is a string, not an object; the model loads uncompiled (compile it before fit)"])
        let (_, loss) = try loading { $0.replacingOccurrences(of: "sparse_categorical_crossentropy", with: "hinge") }
        #expect(loss.first?.hasPrefix("'m.keras': CamLab has no loss \"hinge\"") == true)
    }

    @Test func damagedVariablesWarn() throws {
        let parameters = try Self.model().trainableParameters
        let sizes = parameters.map(\.value.shape)
        func variables(_ edit: (inout [KerasOptimizer.Variable]) -> Void) -> [KerasOptimizer.Variable] {
            var list: [KerasOptimizer.Variable] = [("iteration", [], [3])]
            for (index, shape) in sizes.enumerated() {
                let count = shape.reduce(1, *)
                list += [("m\(index)", shape, [Float](repeating: 0.5, count: count)),
                         ("v\(index)", shape, [Float](repeating: 0.25, count: count))]
            }
            edit(&list)
            return list
        }
        func check(_ list: [KerasOptimizer.Variable], _ expected: String) throws {
            let adam = Adam()
            #expect(throws: Problem(expected)) { try KerasOptimizer.take(list, into: adam, parameters: parameters) }
            #expect(adam.iterations == 0 && adam.learningRate == 0.001)
        }
        try KerasOptimizer.take(variables { _ in }, into: Adam(), parameters: parameters)
        try check(variables { $0.insert(("learning_rate", [], [-1]), at: 1) }, "the learning rate 'learning_rate' is -1.0")
        try check(variables { $0.insert(("learning_rate", [], [0.5]), at: 1); $0[2].values[0] = .infinity }, "'m0' holds nan or infinity")
        try check(variables { $0[0].values = [2.5] }, "the step count 'iteration' is 2.5, not a count")
        try check(variables { $0[0].values = [-1] }, "the step count 'iteration' is -1.0, not a count")
        try check(variables { $0[1].shape = [9] }, "'m0' has shape (9,) where weight 'kernel' has (3, 3, 1, 2)")
        try check(variables { $0[2].values[0] = .nan }, "'v0' holds nan or infinity")
        try check(variables { $0[4].values[0] = -1 }, "'v1', a second moment, holds negative numbers")
        try check(variables { $0.removeLast() }, "12 variables where Adam over the model's 6 trainable weights keeps 13 "
                                                 + "(or 14 with the learning rate)")
    }
}
