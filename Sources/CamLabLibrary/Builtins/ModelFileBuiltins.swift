import CamLabCore
import CamLabLang
import CamLabModelFiles
import CamLabNN

/// Models in and out of Keras and ONNX files, over CamLabModelFiles.
func registerModelFileBuiltins(in r: BuiltinRegistry) {
    r.register([LoadModel.self, SaveModel.self])
}

struct LoadModel: BuiltinFunction {
    static let configuration = BuiltinConfiguration("load_model", topic: "files",
        "Loads a model, architecture and weights: a Keras .keras archive (Keras 3, or tf.keras 2.13–2.15), a legacy "
        + ".h5 file (tf.keras 2 or Keras 3), or an ONNX file as torch.onnx.export writes a CNN (opsets 13–18, "
        + "converted to NHWC). Layers keep the names Keras or ONNX gave them (an ONNX layer also answers to its "
        + "output's name), so m.get_layer(\"gap\").output and explain(m, x, layer: \"conv2d_1\") work as there. A "
        + "layer, op or setting CamLab cannot represent (channels_first, a second input, grouped convolutions) is an "
        + "error naming it. A Keras file saved from a compiled model comes compiled with its optimizer (Adam or SGD, "
        + "its settings, step count and moments) and loss, so fit continues where Keras or CamLab stopped; an "
        + "optimizer section CamLab cannot take up is skipped with a warning. Other models come uncompiled: compile "
        + "them before fit.")
    @Positional var path: FilePath

    func run(_ call: BuiltinCall) throws -> Value {
        var warnings: [String] = []
        let model = try ModelFiles.load(path: path.path, budget: call.budget, warnings: &warnings)
        for warning in warnings { call.output.write("load_model: warning: \(warning)\n") }
        return .object(ModelObject(model))
    }
}

struct SaveModel: BuiltinFunction {
    static let configuration = BuiltinConfiguration("save_model", topic: "files",
        "Saves a model for Keras: \"m.keras\" (config.json, metadata.json and model.weights.h5) or \"m.h5\" (the "
        + "legacy HDF5 file), both laid out as tf.keras 2.15 writes them, which tf.keras.models.load_model in "
        + "TensorFlow 2.15 and keras.saving.load_model in Keras 3 both open and predict with as CamLab does; in Keras, "
        + "model.fit(…) trains it further (after model.compile(…) if CamLab never compiled it). A compiled model's optimizer and loss are saved too, with the optimizer's "
        + "state (step count, Adam's moments), each form as one Keras version stores it, and load_model restores "
        + "them from either form. In .keras, Keras 3's form, which TensorFlow 2.15 loads with a fresh optimizer: "
        + "\"Skipping variable loading for optimizer 'adam', because it has 13 variables whereas the saved optimizer "
        + "has 14 variables\" (Keras 3 keeps the learning rate as a variable; the counts depend on the model). In "
        + ".h5, TensorFlow 2.15's form, from which Keras 3 builds Adam with its default settings (it does not read "
        + "TensorFlow's \"Custom>Adam\"), takes the step count and stops: \"Error in loading the saved optimizer "
        + "state. As a result, your model is starting with a freshly initialized optimizer.\" keras: 2 (tf.keras "
        + "2.15) or keras: 3 chooses the form instead: a .keras saved with keras: 2 restores the optimizer in "
        + "TensorFlow 2.15; an .h5 saved with keras: 3 gives Keras 3 the optimizer's settings and step count but not "
        + "its moments (Keras 3 restores no .h5 file's moments, its own included), and TensorFlow 2.15 cannot load it "
        + "(\"Unexpected keyword argument passed to optimizer: weight_decay\"). Keras 3's fit on a model it loaded "
        + "compiled from any .h5, its own too, fails under JAX (\"Argument `optimizer_variables` must be a list of "
        + "tensors corresponding 1:1 to the trainable variables list that the optimizer was built with\"): there, "
        + "load with compile=False and compile, or use .keras. Weights alone go to .safetensors with save(model, path).")
    @Positional var model: Model
    @Positional var path: FilePath
    @Labelled var keras: Int? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        guard ModelFiles.writableExtensions.contains(path.fileExtension) else {
            throw $path.error("save_model: cannot tell which format '\(path.path)' should be from its extension",
                              help: "name it .keras or .h5; save(model, \"….safetensors\") saves the weights alone")
        }
        try createParentFolders(of: path.path)
        if let keras, keras != 2 && keras != 3 {
            throw $keras.error("save_model: keras must be 2 (tf.keras 2.15) or 3 (Keras 3), got \(keras)")
        }
        try ModelFiles.save(model, path: path.path, keras: keras)
        call.output.receive(.fileWritten(path: path.path, picture: nil))
        return .none
    }
}
