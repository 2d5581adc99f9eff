import CamLabCore
import CamLabModelFiles

/// Models in and out of Keras files, over CamLabModelFiles.
func registerModelFileBuiltins(in r: BuiltinRegistry) {
    r.define("load_model(path)", topic: "files",
             "Loads a Keras model, architecture and weights: a .keras archive (Keras 3, or tf.keras 2.13–2.15) or a "
             + "legacy .h5 file (tf.keras 2 or Keras 3). Layers keep the names Keras gave them, so "
             + "m.get_layer(\"gap\").output and explain(m, x, layer: \"conv2d_1\") work as in Keras. A layer or "
             + "setting CamLab cannot represent (channels_first, a second input, a layer class it lacks) is an error "
             + "naming it. The model comes uncompiled: compile it before fit.") { args, _ in
        .object(ModelObject(try ModelFiles.load(path: try args.path("path"), budget: args.budget)))
    }
    r.define("save_model(model, path)", topic: "files",
             "Saves a model for Keras: \"m.keras\" (config.json, metadata.json and model.weights.h5) or \"m.h5\" "
             + "(the legacy HDF5 file), both laid out as tf.keras 2.15 writes them, which "
             + "tf.keras.models.load_model in TensorFlow 2.15 and keras.saving.load_model in Keras 3 both open and "
             + "predict with as CamLab does; in Keras, model.compile(…) and model.fit(…) train it further. The "
             + "optimizer's state (Adam's moments) is not saved: Keras compiles a fresh optimizer, as "
             + "load_model(…, compile=False) would. Weights alone go to .safetensors with save(model, path).") { args, interpreter in
        let path = try args.path("path")
        let m = try model(args)
        guard ModelFiles.writableExtensions.contains(Arguments.fileExtension(path)) else {
            throw BuiltinError("save_model: cannot tell which format '\(path)' should be from its extension",
                               argument: "path", help: "name it .keras or .h5; save(model, \"….safetensors\") saves "
                                   + "the weights alone")
        }
        try createParentFolders(of: path)
        try ModelFiles.save(m, path: path)
        interpreter.output.receive(.fileWritten(path: path, picture: nil))
        return .none
    }
}
