import Testing
import CamLabCore
import CamLabNN
import CamLabModelFiles

/// Each fixture model, loaded from its file, predicts what PyTorch computed on the same pictures.
@Suite struct ONNXPredictionTests {
    @Test(arguments: ["plain_cnn", "resnet_bn", "resnet_bn_unfolded", "branches"])
    func predictsAsPyTorch(_ name: String) throws {
        let model = try ONNXModel.load(path: ONNXFixture.path("\(name).onnx"))
        let reference = try ONNXFixture.reference(name)
        let input = try #require(reference["input"]), output = try #require(reference["output"])
        let error = expectClose(try model.predict(input), output, name)
        print("\(name): \(model.layers.count) layers, max |CamLab − PyTorch| = \(error)")
    }
}

extension ONNXPredictionTests {
    /// The batch axis is free in CamLab even when the file fixed it (plain_cnn was exported for batches of 3).
    @Test func anyBatchSize() throws {
        for name in ["plain_cnn", "branches"] {
            let model = try ONNXModel.load(path: ONNXFixture.path("\(name).onnx"))
            let reference = try ONNXFixture.reference(name)
            let input = try #require(reference["input"]), output = try #require(reference["output"])
            expectClose(try model.predict(try input.slice(1..<2)), try output.slice(1..<2), "\(name), one picture")
        }
    }
}
