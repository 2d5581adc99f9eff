import Foundation
import Testing
import CamLabCore
import CamLabData

/// Files under Tests/CamLabModelFilesTests/Fixtures, made by Scripts/fixtures/keras_model_files.sh.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }

    /// The inputs and Keras' predictions stored beside a model file.
    static func predictions(_ stem: String) throws -> (x: Tensor, y: Tensor) {
        let contents = try Safetensors.read(path(stem + ".safetensors"))
        return (try #require(contents.tensors["x"]), try #require(contents.tensors["y"]))
    }
}

/// The largest |a − b| over two tensors of one shape (infinity when the shapes differ).
func maxDifference(_ a: Tensor, _ b: Tensor) -> Float {
    guard a.shape == b.shape else { return .infinity }
    return zip(a.scalars, b.scalars).reduce(0) { max($0, abs($1.0 - $1.1)) }
}
