import CamLabCore
import CamLabData
import CamLabNN

/// Models in other frameworks' files: the one door the language and tools use. The extension names the format.
public enum ModelFiles {
    /// The extensions `load` reads, for messages and completion.
    public static let readableExtensions = ["keras", "h5", "hdf5", "onnx"]

    /// The model in the file at `path`, weights and all; the error names the file and what is wrong with it.
    /// A Keras file's compiled optimizer and loss come along, the optimizer's state too; what of them cannot be
    /// taken up (a damaged or foreign optimizer section) is skipped and said in `warnings`.
    public static func load(path: String, budget: MemoryBudget = .standard) throws -> Model {
        var warnings: [String] = []
        return try load(path: path, budget: budget, warnings: &warnings)
    }

    public static func load(path: String, budget: MemoryBudget = .standard, warnings: inout [String]) throws -> Model {
        let bytes = try FileIO.read(path, limit: budget.bytes)
        return try decode(bytes, format: fileExtension(path), source: FileIO.quoted(path), budget: budget, warnings: &warnings)
    }

    /// The model in `bytes`, read as the format `format` (an extension such as "keras"); `source` names it in errors.
    public static func decode(_ bytes: [UInt8], format: String, source: String,
                              budget: MemoryBudget = .standard) throws -> Model {
        var warnings: [String] = []
        return try decode(bytes, format: format, source: source, budget: budget, warnings: &warnings)
    }

    public static func decode(_ bytes: [UInt8], format: String, source: String, budget: MemoryBudget = .standard,
                              warnings: inout [String]) throws -> Model {
        switch format {
        case "keras": return try KerasFiles.readKeras(bytes, source: source, budget: budget, warnings: &warnings)
        case "h5", "hdf5": return try KerasFiles.readH5(bytes, source: source, budget: budget, warnings: &warnings)
        case "onnx": return try ONNXModel.decode(bytes, source: source, budget: budget)
        default:
            throw Problem("cannot tell which framework's model \(source) holds from its extension; CamLab reads "
                                 + readableExtensions.map { ".\($0)" }.joined(separator: ", ") + " files")
        }
    }

    /// The extensions `save` writes.
    public static let writableExtensions = ["keras", "h5"]

    /// Writes `model` to `path` (atomically) in the format its extension names. A compiled model's optimizer
    /// state goes in the form Keras `keras` (2 for tf.keras 2.15, 3 for Keras 3) reads from that format; by
    /// default Keras 3's in a `.keras` archive and tf.keras 2.15's in an `.h5` file.
    public static func save(_ model: Model, path: String, date: String = "2026-01-01@00:00:00", keras: Int? = nil) throws {
        try FileIO.writeAtomically(try encode(model, format: fileExtension(path), source: FileIO.quoted(path), date: date,
                                              keras: keras), to: path)
    }

    /// The bytes of `model` in `format`.
    public static func encode(_ model: Model, format: String, source: String,
                              date: String = "2026-01-01@00:00:00", keras: Int? = nil) throws -> [UInt8] {
        if let keras, keras != 2 && keras != 3 {
            throw Problem("cannot save for Keras \(keras): CamLab writes for tf.keras 2.15 (keras: 2) and Keras 3 (keras: 3)")
        }
        switch format {
        case "keras": return try KerasWriter.archive(model, date: date, optimizerFor: keras == 2 ? .tfKeras2 : .keras3)
        case "h5", "hdf5": return try KerasWriter.h5(model, optimizerFor: keras == 3 ? .keras3 : .tfKeras2)
        default:
            throw Problem("cannot save a model as \(source): CamLab writes "
                                 + writableExtensions.map { ".\($0)" }.joined(separator: " and ") + " model files")
        }
    }

    /// The model a Keras config (the JSON of `config.json` or `model_config`) describes, with fresh weights.
    public static func kerasModel(config bytes: [UInt8], source: String, budget: MemoryBudget = .standard) throws -> Model {
        try KerasModelBuilder(config: try KerasFiles.parse(String(decoding: bytes, as: UTF8.self), source: source,
                                                           what: "model config"),
                              source: source, budget: budget).model
    }

    static func fileExtension(_ path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return name[name.index(after: dot)...].lowercased()
    }
}
