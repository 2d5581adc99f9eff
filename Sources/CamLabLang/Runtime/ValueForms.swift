import CamLabCore

/// A form a value takes besides its text, as IPython's `_repr_png_` and `_repr_svg_`. Every value has its text
/// (`description`, IPython's `text/plain`) and lists its other forms in `Value.forms`; echo, `show`, `save`,
/// reports and the kernel ask for a form, never for a type. A new object type gets display and saving by
/// conforming to `HasForms` (the library's table of its objects' forms is `ObjectForms.swift`).
public enum ValueForm {
    /// Pixels: `show` draws them, a page or notebook shows them as PNG, `.png` and `.ppm` save them.
    case image(() throws -> Raster)
    /// A chart: a page or notebook shows it as SVG, a terminal as text graphics; `.svg` saves it.
    case plot(() -> any Chart)
    /// Numbers for NumPy, within the session's memory budget: `.npy` saves them.
    case array((MemoryBudget) throws -> Tensor)
    /// A model's weights under Keras' names: `.safetensors` saves them (the closure writes the file).
    case weights((String) throws -> Void)
    /// A whole model for Keras, architecture and weights: `.keras` and `.h5` save it, as `save_model` (the closure
    /// writes the file). `m.save("m.keras")` is Keras' `model.save`.
    case modelFile((String) throws -> Void)

    /// The file extensions that pick this form.
    public var extensions: [String] {
        switch self {
        case .image: ["png", "jpg", "jpeg", "ppm"]
        case .plot: ["svg"]
        case .array: ["npy"]
        case .weights: ["safetensors"]
        case .modelFile: ["keras", "h5"]
        }
    }

    /// What the form is, in the message that lists a value's forms.
    public var noun: String {
        switch self {
        case .image: "a picture"
        case .plot: "a chart"
        case .array: "a NumPy array"
        case .weights: "its weights"
        case .modelFile: "the model for Keras"
        }
    }
}

/// An object with forms beyond its text: a picture, a chart, a file.
public protocol HasForms: CamLabObject {
    /// The forms in order of preference: the first picture or chart is what echo shows.
    var forms: [ValueForm] { get }
}

extension Value {
    /// Every form the value has besides its text.
    public var forms: [ValueForm] {
        switch self {
        case .object(let object as any HasForms): return object.forms
        case .tensor, .number, .bool, .list, .tuple, .range: return [.array { try self.asTensor(budget: $0) }]
        case .none, .string, .function, .builtin, .named, .object: return []
        }
    }

    /// What echo, a page and a notebook show beside the text: the first picture or chart, if any (a picture that
    /// cannot be made is left out, as IPython leaves out a failing `_repr_png_`).
    public var picture: Picture? {
        for form in forms {
            switch form {
            case .image(let pixels): if let image = try? pixels() { return .image(image, title: nil) }
            case .plot(let chart): return .plot(chart())
            case .array, .weights, .modelFile: continue
            }
        }
        return nil
    }

    /// The value's pixels, when it has them.
    public var pixelsForm: (() throws -> Raster)? {
        forms.lazy.compactMap { if case .image(let pixels) = $0 { pixels } else { nil } }.first
    }

    /// The value's chart, when it has one.
    public var chart: (any Chart)? {
        forms.lazy.compactMap { if case .plot(let chart) = $0 { chart() } else { nil } }.first
    }
}
