import Testing
import CamLabCore
import CamLabNN
@testable import CamLabModelFiles

/// Every Keras file the fixture script wrote loads into the model Keras saved: same layers, same names, and
/// predictions within 1e-5 of Keras' own on the stored inputs.
@Suite struct KerasLoadTests {
    static let files = ["tf215_sequential.h5", "tf215_sequential.keras", "tf215_residual.h5", "tf215_residual.keras",
                        "keras3_sequential.h5", "keras3_sequential.keras", "keras3_residual.h5", "keras3_residual.keras",
                        // h5py's newest layout: superblock 3, version 2 object headers, groups of link messages.
                        "tf215_sequential_latest.h5",
                        // Trained on Fashion-MNIST, for Examples/bring_your_own_model.dsl.
                        "tf215_fashion.keras"]

    @Test("a Keras file predicts as Keras did", arguments: files)
    func predictsAsKeras(_ file: String) throws {
        let model = try ModelFiles.load(path: Fixtures.path(file))
        let stem = String(file.split(separator: ".")[0])
        let (x, y) = try Fixtures.predictions(stem)
        let difference = maxDifference(try model.predict(x), y)
        #expect(difference < 1e-5, "\(file): predictions differ from Keras' by \(difference)")
    }

    @Test func sequentialKeepsKerasNamesAndShapes() throws {
        let model = try ModelFiles.load(path: Fixtures.path("tf215_sequential.h5"))
        #expect(model.name == "walkthrough")
        #expect(model.isSequential)
        #expect(model.inputShape == [10, 10, 1])
        #expect(model.layers.map(\.name) == ["rescaling", "conv2d", "max_pooling2d", "conv2d_1", "flatten", "dropout", "dense"])
        #expect(model.parameterCount == 4 * 9 + 4 + 6 * 36 + 6 + 96 * 3 + 3)
    }

    @Test func functionalKeepsTheGraph() throws {
        for file in ["tf215_residual.keras", "keras3_residual.h5"] {
            let model = try ModelFiles.load(path: Fixtures.path(file))
            #expect(!model.isSequential)
            #expect(model.inputName == "pixels")
            let add = try model.layerIndex(named: "add")
            #expect(model.inputNodes[add].map { $0 == 0 ? "pixels" : model.layers[$0 - 1].name } == ["stem_relu", "block_bn"])
            #expect(try model.layer(named: "gap") is GlobalAveragePooling2D)
            #expect(try model.layer(named: "leaky").typeName == "LeakyReLU")
            #expect(model.layers.last?.name == "head")
        }
    }
}
