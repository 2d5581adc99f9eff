import CamLabCore
import CamLabImaging
import CamLabLang

/// Folders of pictures sorted into one sub-folder per class, read as Keras reads them.
func registerPictureFolderBuiltins(in r: BuiltinRegistry) {
    r.register(ImageDatasetFromDirectory.self)
}

extension ColorMode: NamedChoice { public static let kind = "color mode" }

/// `interpolation: "bilinear"`, or the resampling constant of the same name (`interpolation: nearest`).
extension ResizeInterpolation: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> ResizeInterpolation {
        if case .named(let named) = slot.value, named.kind == "resampling",
           let choice = ResizeInterpolation(rawValue: named.name) {
            return choice
        }
        let name = try slot.choice(kind: "interpolation", among: allCases.map(\.rawValue))
        guard let choice = ResizeInterpolation(rawValue: name) else { throw slot.fail(expected: "an interpolation") }
        return choice
    }
    public var shownAsDefault: String { "\"\(rawValue)\"" }
}

struct ImageDatasetFromDirectory: BuiltinFunction {
    static let configuration = BuiltinConfiguration("image_dataset_from_directory", topic: "data",
        "Reads a folder with one sub-folder of pictures per class as Keras 2.15 does: class names are the sorted "
        + "sub-folder names, pictures (.bmp .gif .jpeg .jpg .png) are found recursively in sorted order, shuffled "
        + "with the seed as Keras shuffles them (NumPy's RandomState), split by validation_split and subset "
        + "(\"training\", \"validation\" or \"both\"), resized as tf.image.resize does and kept in 0…255. Gives a "
        + "dataset with .x (N, H, W, C), .y, .class_names and .files; x, y = ds unpacks it, and fit, evaluate, "
        + "predict and explain take it whole. label_mode: \"int\" (class indices), \"categorical\" (one-hot) or "
        + "\"binary\" (0/1 for two classes); labels: none reads every picture below the folder without labels, and "
        + "a list gives one label per picture in the sorted order of their paths. "
        + "Without a seed one is drawn and kept in .seed. Keras also reshuffles every epoch with TensorFlow's own "
        + "generator, which CamLab cannot reproduce: fit(…, shuffle: true) shuffles with CamLab's.")
    @Positional var directory: FilePath
    @Labelled var labels = ImageFolderOptions.Labels.inferred
    @Labelled var labelMode: ImageFolderOptions.LabelMode? = .int
    @Labelled var classNames: [Value]? = nil
    @Labelled var colorMode = ColorMode.rgb
    @Labelled var imageSize = ImageSize(width: 256, height: 256)
    @Labelled var shuffle = true
    @Labelled var seed: Int? = nil
    @Labelled var validationSplit: Double? = nil
    @Labelled var subset: String? = nil
    @Labelled var interpolation = ResizeInterpolation.bilinear
    @Labelled var cropToAspectRatio = false
    @Labelled var followLinks = false
    @Labelled var skipUnreadable = false

    func run(_ call: BuiltinCall) throws -> Value {
        var options = ImageFolderOptions()
        options.labels = labels
        options.labelMode = labelMode
        options.classNames = try classNames.map { names in
            try names.map { name in
                guard case .string(let text) = name else { throw $classNames.fail(expected: "a list of strings") }
                return text
            }
        }
        options.colorMode = colorMode
        options.imageSize = (imageSize.height, imageSize.width)
        options.shuffle = shuffle
        if let seed {
            guard (0...Int(UInt32.max)).contains(seed) else { throw $seed.fail(expected: "a whole number from 0 to 4294967295") }
            options.seed = UInt32(seed)
        }
        options.validationSplit = validationSplit
        options.interpolation = interpolation
        options.cropToAspectRatio = cropToAspectRatio
        options.followLinks = followLinks
        options.skipUnreadable = skipUnreadable
        switch subset {
        case nil:
            return try dataset(options, call)
        case "training"?, "validation"?:
            options.subset = ImageFolderOptions.Subset(rawValue: subset!)
            return try dataset(options, call)
        case "both"?:
            // Both halves with the same seed, as Keras returns them: drawn once when none was given.
            var training = options, validation = options
            training.subset = .training
            let first = try read(training, call)
            validation.subset = .validation
            validation.seed = first.seed
            return .tuple([record(first), try dataset(validation, call)])
        default:
            throw $subset.error("image_dataset_from_directory: unknown subset '\(subset!)'",
                                help: "choose \"training\", \"validation\" or \"both\"")
        }
    }

    private func dataset(_ options: ImageFolderOptions, _ call: BuiltinCall) throws -> Value {
        record(try read(options, call))
    }

    /// The reader's problems name Keras' parameters (labels, label_mode, class_names) when one is at fault; the
    /// caret goes there, or else to the folder.
    private func read(_ options: ImageFolderOptions, _ call: BuiltinCall) throws -> ImageFolderDataset {
        try $directory.attributing {
            try ImageFolderDataset(directory: directory.path, options: options, budget: call.budget)
        }
    }

    private func record(_ data: ImageFolderDataset) -> Value {
        let shape = data.x.shape
        var summary = "<dataset: \(shape[0]) pictures of \(shape.dropFirst().map(String.init).joined(separator: "×")) "
            + (data.y == nil ? "without labels" : "in \(data.classNames.count) classes")
        if let mode = data.labelMode, mode != .int { summary += ", \(mode.rawValue) labels" }
        if !data.skipped.isEmpty { summary += ", \(data.skipped.count) unreadable skipped" }
        // Without labels there is no y, so `x, y = ds` fails instead of handing out labels that are not there.
        let labels: [(String, Value)] = data.labelTensor.map { [("y", .tensor($0))] } ?? []
        return .object(Record("dataset", [("x", .tensor(data.x))] + labels + [
            ("class_names", .list(data.classNames.map { .string($0) })),
            ("files", .list(data.files.map { .string($0) })),
            ("seed", data.seed.map { .number(Double($0)) } ?? .none),
            ("skipped", .list(data.skipped.map { .string($0.file) })),
        ], unpacking: data.y == nil ? ["x"] : ["x", "y"], summary: summary + ">"))
    }
}
