import Testing
import Foundation
import CamLabCore
import CamLabData

/// A safetensors file of what Keras computed, from Tests/CamLabNNTests/Fixtures.
struct KerasFixture {
    let contents: Safetensors.Contents

    init(_ file: String) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(file)")
        contents = try Safetensors.read(path.path)
    }

    func tensor(_ name: String) throws -> Tensor { try #require(contents.tensors[name], "fixture lacks \(name)") }
}

/// The largest |got − want| / max(1, |want|), with a failure naming the worst element when above `tolerance`.
@discardableResult
func expectKerasClose(_ got: Tensor, _ want: Tensor, _ what: String, tolerance: Float = 1e-5,
                      sourceLocation: SourceLocation = #_sourceLocation) -> Float {
    #expect(got.shape == want.shape, "\(what): shape \(got.shape), Keras \(want.shape)", sourceLocation: sourceLocation)
    guard got.shape == want.shape else { return .infinity }
    let errors = zip(got.scalars, want.scalars).map { abs($0 - $1) / max(1, abs($1)) }
    let worst = errors.indices.max { errors[$0] < errors[$1] } ?? 0
    let error = errors.isEmpty ? 0 : errors[worst]
    #expect(error <= tolerance, "\(what)[\(worst)]: CamLab \(got.scalars[worst]), Keras \(want.scalars[worst])",
            sourceLocation: sourceLocation)
    return error
}
