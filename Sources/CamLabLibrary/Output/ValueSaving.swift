import CamLabCore
import CamLabData
import CamLabImaging
import CamLabLang
import CamLabPlot

// `save`: a value's forms (declared in the language, `ValueForm`) written as files with the library's formats.

extension BuiltinCall {
    /// `save` and `save_weights`: writes `value` in the form `path`'s extension picks and tells the output which
    /// file it wrote (with the picture it holds).
    func save(_ value: Value, to path: FilePath, quality: Int = JPEG.defaultQuality) throws -> Value {
        let picture = try value.save(to: path.path, budget: budget, builtin: name, argument: "path", quality: quality)
        output.receive(.fileWritten(path: path.path, picture: picture))
        return .none
    }
}

extension Value {
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
            let raster = try pixels()
            try Image(raster).write(to: path, quality: quality)
            return .image(raster, title: path)
        case .plot(let chart):
            let plot = chart()
            // The extension is .svg: `form(savingTo:)` chose the chart for it.
            do { try FileIO.writeAtomically(Array(plot.svg().utf8), to: path) } catch let problem as Problem {
                throw problem.about(argument)
            }
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
