import CamLabCore
import CamLabImaging
import CamLabLang

/// `labels: "inferred"`, `labels: none`, or `labels: [0, 1, 1, …]` (one whole number per picture), as Keras'
/// `image_dataset_from_directory` takes them.
extension ImageFolderOptions.Labels: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> ImageFolderOptions.Labels {
        switch slot.value {
        case .none: return .none
        case .string("inferred"): return .inferred
        case .list, .tuple, .range, .tensor:
            let numbers: [Double]
            if case .tensor(let t) = slot.value {
                guard t.shape.count == 1 else { throw slot.fail(expected: "a list of whole numbers, one per picture") }
                numbers = t.scalars.map { Double($0) }
            } else {
                numbers = try [Value].argument(slot).map { item in
                    guard case .number(let n) = item else {
                        throw slot.fail(expected: "a list of whole numbers, one per picture")
                    }
                    return n
                }
            }
            guard numbers.allSatisfy({ $0 == $0.rounded() && abs($0) <= Double(Int32.max) }) else {
                throw slot.fail(expected: "a list of whole numbers, one per picture")
            }
            return .listed(numbers.map { Int($0) })
        default:
            throw slot.error("\(slot.builtinName): labels must be \"inferred\", none or a list of whole numbers, got "
                             + slot.value.described,
                             help: "\"inferred\" numbers the class sub-folders; none reads the pictures without "
                                 + "labels; a list gives one label per picture, in the sorted order of their paths")
        }
    }
    public var shownAsDefault: String {
        switch self {
        case .inferred: return "\"inferred\""
        case .none: return "none"
        case .listed(let labels): return "[" + labels.map(String.init).joined(separator: ", ") + "]"
        }
    }
}

/// `label_mode: "int"`, `"categorical"` or `"binary"`; none (the Optional around it) reads no labels.
extension ImageFolderOptions.LabelMode: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> ImageFolderOptions.LabelMode {
        ImageFolderOptions.LabelMode(rawValue: try slot.choice(kind: "label mode", among: allCases.map(\.rawValue)))!
    }
    public var shownAsDefault: String { rawValue.shownAsDefault }
}

/// What `fit`, `evaluate`, `predict` and `explain` take as x: a tensor of inputs, or a dataset of pictures from
/// `image_dataset_from_directory`, whose labels and class names come with it, as Keras' `fit` takes a
/// `tf.data.Dataset` of (pictures, labels).
struct ModelInputs: ArgumentValue {
    let x: Tensor
    /// The dataset's labels in its label mode's form; nil for a tensor, or a dataset read without labels.
    let labels: Tensor?
    /// The dataset's class names; nil for a tensor.
    let classNames: [String]?
    /// The pictures' files; nil for a tensor.
    let files: [String]?

    var isDataset: Bool { files != nil }

    static func argument(_ slot: ParameterSlot) throws -> ModelInputs {
        if let dataset = try dataset(slot.value, slot) { return dataset }
        return ModelInputs(x: try Tensor.argument(slot), labels: nil, classNames: nil, files: nil)
    }
    var shownAsDefault: String { "tensor" }

    /// The dataset `value` holds, nil when it is no dataset; a dataset without pictures (Fashion-MNIST's, whose
    /// halves are tensors already) is refused with the way to pass it.
    static func dataset(_ value: Value, _ slot: ParameterSlot) throws -> ModelInputs? {
        guard case .object(let record as Record) = value, record.typeName == "dataset" else { return nil }
        guard case .tensor(let x)? = record.member("x"), case .list(let files)? = record.member("files") else {
            throw slot.error("\(slot.builtinName): '\(slot.name)' takes a dataset of pictures from "
                             + "image_dataset_from_directory or a tensor, got \(value.described)",
                             help: "unpack this one first: (x_train, y_train), (x_test, y_test) = data")
        }
        var classNames: [String] = []
        if case .list(let names)? = record.member("class_names") { classNames = names.map(\.printed) }
        var labels: Tensor? = nil
        if case .tensor(let y)? = record.member("y") { labels = y }
        return ModelInputs(x: x, labels: labels, classNames: classNames, files: files.map(\.printed))
    }

    /// The inputs and their labels: the dataset's own, or `y` beside a tensor. Errors say which is missing or
    /// doubled.
    func labelled(_ y: Tensor?, _ ySlot: ParameterSlot) throws -> (x: Tensor, y: Tensor) {
        let name = ySlot.builtinName
        if !isDataset {
            guard let y else {
                throw ySlot.error("\(name)() is missing argument 'y'",
                                  help: "give the labels after x, or pass a dataset from image_dataset_from_directory, "
                                      + "which holds its labels")
            }
            return (x, y)
        }
        guard y == nil else {
            throw ySlot.error("\(name): the dataset brings its own labels, so y is not needed",
                              help: "leave out y: \(name)(model, ds, …)")
        }
        guard let labels else {
            throw ySlot.error("\(name): the dataset has no labels (it was read with labels: none or label_mode: none)",
                              help: "read the folder with labels: \"inferred\" to learn its sub-folders' classes, "
                                  + "or give the labels: \(name)(model, ds.x, y)")
        }
        return (x, labels)
    }
}
