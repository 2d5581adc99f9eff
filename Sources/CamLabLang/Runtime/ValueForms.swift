import CamLabCore
import CamLabData
import CamLabImaging
import CamLabPlot

/// A form a value takes besides its text, as IPython's `_repr_png_` and `_repr_svg_`. Every value has its text
/// (`description`, IPython's `text/plain`) and lists its other forms in `Value.forms`; echo, `show`, `save`,
/// reports and the kernel ask for a form, never for a type. A new object type gets display and saving by
/// conforming to `HasForms` (the objects' table is in `ObjectForms.swift`).
public enum ValueForm {
    /// Pixels: `show` draws them, a page or notebook shows them as PNG, `.png` and `.ppm` save them.
    case image(() throws -> Image)
    /// A chart: a page or notebook shows it as SVG, a terminal as text graphics; `.svg` saves it.
    case plot(() -> any Plot)
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
    var noun: String {
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
    var pixelsForm: (() throws -> Image)? {
        forms.lazy.compactMap { if case .image(let pixels) = $0 { pixels } else { nil } }.first
    }

    /// The value's chart, when it has one.
    var chart: (any Plot)? {
        forms.lazy.compactMap { if case .plot(let chart) = $0 { chart() } else { nil } }.first
    }

    /// Saves the value in the form `path`'s extension picks, creating the folders leading to it; returns the
    /// picture the file holds, so a page or a notebook can show what was saved. A value without that form is
    /// refused, with the forms it has, before any folder is made. `builtin` and `argument` name the call and
    /// the argument holding the path, for the message.
    func save(to path: String, budget: MemoryBudget, builtin: String, argument: String,
              quality: Int = JPEG.defaultQuality) throws -> Picture? {
        let form = try self.form(savingTo: path, builtin: builtin, argument: argument)
        try createParentFolders(of: path)
        switch form {
        case .image(let pixels):
            let image = try pixels()
            try image.write(to: path, quality: quality)
            return .image(image, title: path)
        case .plot(let chart):
            let plot = chart()
            do { try plot.save(to: path) } catch let problem as Problem { throw problem.about(argument) }
            return .plot(plot)
        case .array(let numbers):
            let tensor: Tensor
            do { tensor = try numbers(budget) } catch let error as Problem {
                // Say what is wrong inside the list (ragged rows, a string among numbers).
                throw Problem("\(builtin): 'value' cannot become a tensor; \(error.message)", argument: "value",
                                   help: error.help)
            }
            try NPY.write(tensor, to: path)
            return nil
        case .weights(let write), .modelFile(let write):
            try write(path)
            return nil
        }
    }

    private func form(savingTo path: String, builtin: String, argument: String) throws -> ValueForm {
        let ext = FilePath(path: path).fileExtension
        let forms = self.forms
        if let form = forms.first(where: { $0.extensions.contains(ext) }) { return form }
        let start = "\(builtin): cannot save \(typeNameWithArticle) as \(FileIO.quoted(path))"
        guard !forms.isEmpty else {
            throw Problem(start + ": \(typeNameWithArticle) has no form a file can hold", argument: "value",
                               help: "save writes tensors and numbers (.npy), pictures (.png, .jpg, .ppm), charts (.svg) "
                                   + "and models (.keras and .h5 for Keras, .safetensors for the weights)")
        }
        // ".svg (a chart), .png or .ppm (a picture)": each form's extensions, then what it is.
        let listed = forms.flatMap { form in
            form.extensions.enumerated().map { "." + $1 + ($0 == form.extensions.count - 1 ? " (\(form.noun))" : "") }
        }
        throw Problem(start + (ext.isEmpty ? ", which has no extension" : ": the extension .\(ext) names another format"),
                           argument: argument,
                           help: "the extension decides the format: \(typeNameWithArticle) goes to " + Self.alternatives(listed))
    }

    /// "a", "a or b", "a, b or c".
    private static func alternatives(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
