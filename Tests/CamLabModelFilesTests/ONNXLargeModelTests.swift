import Foundation
import Testing
import CamLabCore
import CamLabData
import CamLabModelFiles

/// A ResNet-18-shaped export (11.7 M parameters, 47 MB; `Scripts/fixtures/onnx_models.sh --resnet18 DIR` writes it,
/// too large to commit): loads, and predicts as PyTorch does. Runs when CAMLAB_ONNX_RESNET18 names that DIR.
@Suite struct ONNXLargeModelTests {
    @Test func resNet18LoadsAndPredictsAsPyTorch() throws {
        guard let folder = ProcessInfo.processInfo.environment["CAMLAB_ONNX_RESNET18"] else {
            print("ONNXLargeModelTests: skipped (set CAMLAB_ONNX_RESNET18 to the folder onnx_models.sh --resnet18 wrote)")
            return
        }
        let started = Date()
        let model = try ONNXModel.load(path: "\(folder)/resnet18.onnx")
        let seconds = Date().timeIntervalSince(started)
        print("resnet18.onnx: \(model.parameterCount) parameters loaded in \(String(format: "%.2f", seconds)) s")
        let reference = try Safetensors.read("\(folder)/resnet18.safetensors").tensors
        let input = try #require(reference["input"]), output = try #require(reference["output"])
        let error = expectClose(try model.predict(input), output, "resnet18", tolerance: 1e-4)
        print("resnet18: max |CamLab − PyTorch| = \(error)")
    }
}
