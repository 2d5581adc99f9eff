import CamLabCore
import CamLabData

/// Model weights on disk in the safetensors format, named and laid out as Keras names and lays them out
/// (`conv2d/kernel` [kh, kw, in, out], `dense/kernel` [in, out], flatten in NHWC order), so weights move
/// between CamLab and Keras without conversion.
extension Model {
    /// Keras-style names of every weight, in layer order: "conv2d/kernel", "conv2d/bias", ….
    public var weightNames: [String] {
        layers.flatMap { layer in layer.parameters.map { "\(layer.name)/\($0.name)" } }
    }

    /// Writes every weight to `path` (atomically) as float32 safetensors.
    public func saveWeights(to path: String) throws {
        var tensors: [String: Tensor] = [:]
        for layer in layers { for p in layer.parameters { tensors["\(layer.name)/\(p.name)"] = p.value } }
        try Safetensors.write(tensors, metadata: ["format": "camlab", "model": name,
                                                  "layers": layers.map(\.name).joined(separator: ",")], to: path)
    }

    /// Reads weights saved by `saveWeights` or exported from Keras. Names may carry Keras' ":0" suffix. Every
    /// weight must be present with its exact shape; nothing is changed unless the whole file fits.
    public func loadWeights(from path: String) throws {
        let contents = try Safetensors.read(path)
        var byName: [String: Tensor] = [:]
        for (name, tensor) in contents.tensors {
            byName[name.hasSuffix(":0") ? String(name.dropLast(2)) : name] = tensor
        }
        let expected = weightNames
        var problems: [String] = []
        let missing = expected.filter { byName[$0] == nil }
        if !missing.isEmpty { problems.append("missing " + missing.joined(separator: ", ")) }
        let unexpected = byName.keys.filter { !expected.contains($0) }.sorted()
        if !unexpected.isEmpty { problems.append("not in the model: " + unexpected.joined(separator: ", ")) }
        for layer in layers {
            for p in layer.parameters {
                let key = "\(layer.name)/\(p.name)"
                if let tensor = byName[key], tensor.shape != p.value.shape {
                    problems.append("\(key) has shape \(tensor.shape.shapeDescription), the model needs "
                                    + p.value.shape.shapeDescription)
                }
            }
        }
        guard problems.isEmpty else {
            throw Problem("the weights in '\(path)' do not fit model '\(name)': "
                             + problems.joined(separator: "; "))
        }
        for layer in layers {
            for p in layer.parameters { p.value = byName["\(layer.name)/\(p.name)"]! }
        }
    }
}
