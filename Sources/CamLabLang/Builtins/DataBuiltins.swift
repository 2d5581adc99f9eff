import CamLabCore
import CamLabData
import CamLabNN
#if canImport(Glibc)
import Glibc
#endif

/// Data sets and files: Fashion-MNIST, NumPy `.npy` tensors, weights.
func registerDataBuiltins(in r: BuiltinRegistry) {
    r.define("fashion_mnist(limit: none, directory: none)", topic: "data",
             "Loads Fashion-MNIST: .train and .test are (images, labels) with images (N, 28, 28) in 0…255, "
             + "and .class_names names the ten labels; (x_train, y_train), (x_test, y_test) = data unpacks it.") { args, _ in
        let data = try FashionMNIST.load(directory: args.isNone("directory") ? nil : try args.path("directory"),
                                         limit: try args.optionalInt("limit"))
        func split(_ s: FashionMNIST.Split) -> Value { .tuple([.tensor(s.images), .tensor(s.labels)]) }
        return .object(Record("dataset", [
            ("train", split(data.train)), ("test", split(data.test)),
            ("class_names", .list(data.classNames.map { .string($0) })),
        ], unpacking: ["train", "test"], summary: "<Fashion-MNIST: \(data.train.count) training and \(data.test.count) test images, 28×28>"))
    }
    r.define("save(value, path)", topic: "files",
             "Saves a tensor as .npy (NumPy), an image as .png or .ppm, a plot as .svg, or a model's weights as .safetensors.") { args, interpreter in
        let path = try args.path("path")
        let picture = try args["value"].save(to: path, budget: args.budget, builtin: "save", argument: "path")
        interpreter.output.receive(.fileWritten(path: path, picture: picture))
        return .none
    }
    r.define("load(path)", topic: "files",
             "Loads a tensor from a .npy file, or an image from a .png file.") { args, _ in
        try load(try args.path("path"), args)
    }
}

private func fileExtension(_ path: String) -> String { Arguments.fileExtension(path) }

private func load(_ path: String, _ args: Arguments) throws -> Value {
    switch fileExtension(path) {
    case "npy": return .tensor(try NPY.read(path, budget: args.budget))
    case "png": return try loadImage(path)
    default:
        throw BuiltinError("load: cannot tell what '\(path)' holds from its extension", argument: "path",
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
            throw BuiltinError("cannot create folder '\(folder)' for '\(path)': \(FileIO.systemReason())")
        }
    }
}
