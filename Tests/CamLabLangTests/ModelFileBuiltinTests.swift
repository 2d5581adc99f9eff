import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// load_model and save_model from the language, and fine-tuning a loaded Keras model: frozen layers stay put,
/// a new head trains, and the result goes back out as a Keras file.
@Suite struct ModelFileBuiltinTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CamLabModelFilesTests/Fixtures")

    func run(_ script: String) throws -> (text: String, errors: String, succeeded: Bool) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-modelfiles-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = RecordedOutput()
        let outcome = Session(output: output, workingDirectory: folder.path).run(script)
        return (output.text, output.errors, outcome.succeeded)
    }

    @Test func fineTuneANewHeadOnALoadedModel() throws {
        let path = Self.fixtures.appendingPathComponent("tf215_residual.keras").path
        let result = try run("""
            seed(7)
            base = load_model("\(path)")
            print(base.name, len(base.layers), base.input_shape)
            x = tensor([0..<(12 * 8 * 8 * 3)]).reshape(12, 8, 8, 3) / 2304
            y = tensor([0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2])
            for layer in base.layers { layer.trainable = false }
            stem = base.get_layer("stem").weights[0]
            h = base.get_layer("gap").output
            m = functional(base.input, dense(3, activation: softmax, name: "new_head")(h))
            compile(m, optimizer: adam, learning_rate: 0.05)
            before = m.get_layer("new_head").weights[0]
            history = fit(m, x, y, epochs: 3, batch_size: 4, verbose: false)
            print(max(abs(m.get_layer("stem").weights[0] - stem)))
            print(max(abs(m.get_layer("new_head").weights[0] - before)) > 0)
            save_model(m, "out/tuned.keras")
            save_model(m, "out/tuned.h5")
            for file in ["out/tuned.keras", "out/tuned.h5"] {
                back = load_model(file)
                print(file, back.layer_names[-1], max(abs(predict(back, x) - predict(m, x))))
            }
            """)
        #expect(result.succeeded, "\(result.errors)")
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines.first == "residual 22 (8, 8, 3)")
        #expect(lines.contains("0"), "frozen layers moved: \(lines)")
        #expect(lines.contains("true"), "the new head did not train: \(lines)")
        #expect(lines.contains("out/tuned.keras new_head 0") && lines.contains("out/tuned.h5 new_head 0"), "\(lines)")
    }

    /// `m.save(path)` is Keras' `model.save`: the same files as save_model, and the weights alone to .safetensors.
    @Test func theModelSavesItselfAsKerasDoes() throws {
        let result = try run("""
            seed(3)
            m = sequential([conv2d(2, 3, activation: relu, input_shape: (6, 6, 1), name: "conv"), flatten(),
                            dense(3, activation: softmax, name: "head")])
            x = tensor([0..<72]).reshape(2, 6, 6, 1) / 72
            m.save("out/m.keras")
            m.save("out/m.h5")
            save(m, "out/same.keras")
            save_model(m, "out/by_save_model.keras")
            m.save("out/m.safetensors")
            for file in ["out/m.keras", "out/m.h5", "out/same.keras", "out/by_save_model.keras"] {
                back = load_model(file)
                print(file, back.layer_names, max(abs(back.predict(x) - m.predict(x))))
            }
            copy = sequential([conv2d(2, 3, activation: relu, input_shape: (6, 6, 1), name: "conv"), flatten(),
                               dense(3, activation: softmax, name: "head")])
            copy.load_weights("out/m.safetensors")
            print("weights", max(abs(copy.predict(x) - m.predict(x))))
            """)
        #expect(result.succeeded, "\(result.errors)")
        let lines = result.text.split(separator: "\n").map(String.init)
        #expect(lines == ["out/m.keras [\"conv\", \"flatten\", \"head\"] 0", "out/m.h5 [\"conv\", \"flatten\", \"head\"] 0",
                          "out/same.keras [\"conv\", \"flatten\", \"head\"] 0",
                          "out/by_save_model.keras [\"conv\", \"flatten\", \"head\"] 0", "weights 0"], "\(lines)")
        let wrong = try run("sequential([dense(2, input_shape: (3,))]).save(\"m.txt\")")
        #expect(wrong.errors.contains("save: cannot save a model as 'm.txt': the extension .txt names another format"),
                "\(wrong.errors)")
        #expect(wrong.errors.contains("help: the extension decides the format: a model goes to .keras, .h5 (the model "
                                      + "for Keras) or .safetensors (its weights)"), "\(wrong.errors)")
    }

    @Test func errorsNameTheFile() throws {
        let missing = try run("load_model(\"nowhere/m.keras\")")
        #expect(missing.errors.contains("load_model: cannot open 'nowhere/m.keras': No such file or directory"), "\(missing.errors)")
        let wrong = try run("save_model(sequential([dense(2, input_shape: (3,))]), \"m.txt\")")
        #expect(wrong.errors.contains("save_model: cannot tell which format 'm.txt' should be from its extension"),
                "\(wrong.errors)")
    }
}
