import Testing
import CamLabCore
import CamLabNN
import CamLabModelFiles

/// Each fixture model, loaded from its file, predicts what PyTorch computed on the same pictures.
@Suite struct ONNXPredictionTests {
    @Test(arguments: ["plain_cnn", "resnet_bn", "branches"])
    func predictsAsPyTorch(_ name: String) throws {
        let model = try ONNXModel.load(path: ONNXFixture.path("\(name).onnx"))
        let reference = try ONNXFixture.reference(name)
        let input = try #require(reference["input"]), output = try #require(reference["output"])
        let error = expectClose(try model.predict(input), output, name)
        print("\(name): \(model.layers.count) layers, max |CamLab − PyTorch| = \(error)")
    }
}
