import CamLabCore
import CamLabData
import CamLabLang
import CamLabNN
#if canImport(Glibc)
import Glibc
#endif

/// Data sets and files: Fashion-MNIST, NumPy `.npy` tensors, weights.
func registerDataBuiltins(in r: BuiltinRegistry) {
    r.register([FashionMNISTBuiltin.self, Save.self, Load.self])
}

struct FashionMNISTBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("fashion_mnist", topic: "data",
        "Loads Fashion-MNIST: .train and .test are (images, labels) with images (N, 28, 28) in 0…255, "
        + "and .class_names names the ten labels; (x_train, y_train), (x_test, y_test) = data unpacks it.")
    @Labelled var limit: Int? = nil
    @Labelled var directory: FilePath? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        let data = try FashionMNIST.load(directory: directory?.path, limit: limit)
        func split(_ s: FashionMNIST.Split) -> Value { .tuple([.tensor(s.images), .tensor(s.labels)]) }
        return .object(Record("dataset", [
            ("train", split(data.train)), ("test", split(data.test)),
            ("class_names", .list(data.classNames.map { .string($0) })),
        ], unpacking: ["train", "test"], summary: "<Fashion-MNIST: \(data.train.count) training and \(data.test.count) test images, 28×28>"))
    }
}

struct Save: BuiltinFunction {
    static let configuration = BuiltinConfiguration("save", topic: "files",
        "Saves a tensor as .npy (NumPy), an image as .png, .jpg (quality: 1…100, Pillow's 75 by default) or .ppm, "
        + "a plot as .svg, a model for Keras as .keras or .h5 (as save_model; m.save(\"m.keras\") as in Keras), or "
        + "a model's weights as .safetensors.")
    @Positional var value: Value
    @Positional var path: FilePath
    @Labelled var quality = 75

    func run(_ call: BuiltinCall) throws -> Value {
        let isJPEG = ["jpg", "jpeg"].contains(path.fileExtension)
        if $quality.isGiven && !isJPEG {
            throw $quality.error("save: quality applies to JPEG pictures (.jpg, .jpeg), not to '\(path.path)'",
                                 help: "leave it out, or save as .jpg")
        }
        guard (1...100).contains(quality) else { throw $quality.fail(expected: "a whole number from 1 to 100") }
        return try call.save(value, to: path, quality: quality)
    }
}

struct Load: BuiltinFunction {
    static let configuration = BuiltinConfiguration("load", topic: "files",
                                                    "Loads a tensor from a .npy file, or an image from a .png file.")
    @Positional var path: FilePath
    func run(_ call: BuiltinCall) throws -> Value { try load(path.path, call) }
}

private func fileExtension(_ path: String) -> String { FilePath(path: path).fileExtension }

private func load(_ path: String, _ call: BuiltinCall) throws -> Value {
    switch fileExtension(path) {
    case "npy": return .tensor(try NPY.read(path, budget: call.budget))
    case "png": return try loadImage(path)
    default:
        throw Problem("load: cannot tell what '\(path)' holds from its extension", argument: "path",
                           help: "load reads .npy tensors and .png images; load_weights(model, path) reads weights")
    }
}

/// Creates the folders leading to `path` (like `mkdir -p`), so `save(x, "out/x.npy")` works in a fresh checkout.
func createParentFolders(of path: String) throws {
    var components = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().map(String.init)
    guard !components.isEmpty else { return }
    var folder = components.removeFirst()
    for component in [nil] + components.map(Optional.some) {
        if let component { folder += "/" + component }
        if folder.isEmpty || FileIO.exists(folder) { continue }
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw Problem("cannot create folder '\(folder)' for '\(path)': \(FileIO.systemReason())")
        }
    }
}
