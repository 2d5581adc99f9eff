import Foundation
import Testing
import CamLabCore
import CamLabData
@testable import CamLabModelFiles

/// A model from Tests/CamLabModelFilesTests/Fixtures (written by Scripts/fixtures/onnx_models.sh) and what PyTorch
/// computed with it.
enum ONNXFixture {
    static func path(_ file: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(file)").path
    }

    static func bytes(_ name: String) throws -> [UInt8] { try FileIO.read(path("\(name).onnx")) }

    static func reference(_ name: String) throws -> [String: Tensor] {
        try Safetensors.read(path("\(name).safetensors")).tensors
    }
}

/// The largest |got − want|, with a failure naming the worst element when above `tolerance`.
@discardableResult
func expectClose(_ got: Tensor, _ want: Tensor, _ what: String, tolerance: Float = 1e-5,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Float {
    #expect(got.shape == want.shape, "\(what): shape \(got.shape), PyTorch \(want.shape)", sourceLocation: sourceLocation)
    guard got.shape == want.shape else { return .infinity }
    let errors = zip(got.scalars, want.scalars).map { abs($0 - $1) }
    let worst = errors.indices.max { errors[$0] < errors[$1] } ?? 0
    let error = errors.isEmpty ? 0 : errors[worst]
    #expect(error <= tolerance, "\(what)[\(worst)]: CamLab \(got.scalars[worst]), PyTorch \(want.scalars[worst])",
            sourceLocation: sourceLocation)
    return error
}
