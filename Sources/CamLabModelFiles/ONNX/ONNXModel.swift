import CamLabCore
import CamLabData
import CamLabNN

/// Reads an ONNX model (as `torch.onnx.export` writes a CNN, opsets 13–18) as a CamLab model taking NHWC pictures.
public enum ONNXModel {
    /// The model in the file at `path`; errors name the file, and the node for anything CamLab cannot represent.
    public static func load(path: String, budget: MemoryBudget = .standard) throws -> Model {
        let bytes: [UInt8]
        do { bytes = try FileIO.read(path, limit: budget.bytes) } catch { throw Problem("\(error)") }
        return try decode(bytes, source: path, budget: budget)
    }

    /// The model in `bytes` (`source` names them in errors).
    public static func decode(_ bytes: [UInt8], source: String = "ONNX data",
                              budget: MemoryBudget = .standard) throws(Problem) -> Model {
        let proto: ONNXModelProto
        do {
            proto = try ONNXModelProto(ProtobufReader(bytes))
        } catch {
            throw Problem("\(source): not a readable ONNX file (damaged protobuf: \(error.message))")
        }
        do {
            return try ONNXImporter(model: proto, budget: budget).makeModel()
        } catch {
            throw Problem("\(source): \(error.message)")
        }
    }
}
