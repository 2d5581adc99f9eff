import CamLabCore
import CamLabNN

/// Layers, models, training and weights, over CamLabNN. Layer builtins are named as Keras names the layers.
func registerModelBuiltins(in r: BuiltinRegistry) {
    r.define("conv2d(filters, kernel_size, strides: 1, padding: valid, activation: linear, use_bias: true, "
             + "dilation_rate: 1, input_shape: none, name: none, trainable: true)",
             topic: "models", "A 2-D convolution layer over NHWC images: conv2d(32, 3, padding: same, activation: relu). "
             + "use_bias: false leaves out the bias (before a batch_normalization, whose beta takes its place); "
             + "dilation_rate spreads the kernel's taps apart, as Keras' (not together with strides).") { args, _ in
        let filters = try args.positiveInt("filters")
        let kernel = try pair(args, "kernel_size"), strides = try pair(args, "strides")
        let dilation = try pair(args, "dilation_rate")
        let padding = try paddingArgument(args)
        let activation = try activationArgument(args)
        let useBias = try args.bool("use_bias")
        return try layerSpec("conv2d", args, settings: "\(filters), \(kernel.0)×\(kernel.1), padding: \(padding.rawValue), "
                         + "activation: \(activation.rawValue)") {
            try Conv2D(filters: filters, kernelSize: kernel, strides: strides, padding: padding, activation: activation,
                       useBias: useBias, dilationRate: dilation)
        }
    }
    r.define("dense(units, activation: linear, use_bias: true, input_shape: none, name: none, trainable: true)",
             topic: "models", "A fully connected layer: dense(10, activation: softmax).") { args, _ in
        let units = try args.positiveInt("units")
        let activation = try activationArgument(args)
        let useBias = try args.bool("use_bias")
        return try layerSpec("dense", args, settings: "\(units), activation: \(activation.rawValue)") {
            try Dense(units: units, activation: activation, useBias: useBias)
        }
    }
    r.define("max_pooling2d(pool_size = 2, strides: none, padding: valid, input_shape: none, name: none, "
             + "trainable: true)", topic: "models",
             "A max-pooling layer over windows of pool_size × pool_size.") { args, _ in
        let (size, strides, padding) = try poolingArguments(args)
        return try layerSpec("max_pooling2d", args, settings: "\(size.0)×\(size.1)") {
            try MaxPooling2D(poolSize: size, strides: strides, padding: padding)
        }
    }
    r.define("dropout(rate, input_shape: none, name: none, trainable: true)", topic: "models",
             "A layer that zeroes a fraction `rate` of its inputs while training.") { args, _ in
        let rate = try args.float("rate")
        return try layerSpec("dropout", args, settings: "\(rate)") { try Dropout(rate: rate) }
    }
    r.define("sequential(layers, input_shape: none, seed: 0, name: \"sequential\")", topic: "models",
             "A model applying the layers in order; the input shape comes from here or the first layer.") { args, _ in
        let specs = try args.items("layers").map { item -> LayerSpec in
            guard case .object(let spec as LayerSpec) = item else {
                throw BuiltinError("sequential: every item of 'layers' must be a layer such as conv2d(…) or dense(…), "
                                   + "got \(item.described)", argument: "layers")
            }
            return spec
        }
        let inputShape: [Int]
        if !args.isNone("input_shape") {
            inputShape = try shape(args, "input_shape")
        } else if let first = specs.first?.inputShape {
            inputShape = first
        } else {
            throw BuiltinError("sequential: the model needs an input shape", argument: "input_shape",
                               help: "give it to the first layer, e.g. conv2d(32, 3, input_shape: (28, 28, 1)), "
                                   + "or to sequential(…, input_shape: (28, 28, 1))")
        }
        let seed = UInt64(truncatingIfNeeded: try args.int("seed"))
        let model = try Model(inputShape: inputShape, seed: seed, name: try args.string("name"))
        for (index, spec) in specs.enumerated() {
            // A layer's own input_shape must be the shape it receives, or the model is not the one described.
            let received = model.outputShape
            if let stated = spec.inputShape, stated != received, index > 0 || !args.isNone("input_shape") {
                let source = index == 0 ? "sequential's input_shape" : "layer \(index) (\(specs[index - 1].kind))"
                throw BuiltinError("sequential: layer \(index + 1) (\(spec.kind)) says input_shape: "
                                   + "\(stated.shapeDescription), but it receives \(received.shapeDescription) from \(source)",
                                   argument: "layers",
                                   help: "only the first layer needs input_shape; remove it from the others, or correct it")
            }
            let layer = try spec.make(), what = "sequential: layer \(index + 1) (\(spec.kind))"
            try LayerSize.checkWeights(of: layer, inputShapes: [model.outputShape], what: what, argument: "layers",
                                       budget: args.budget)
            try model.add(layer)
            try LayerSize.checkOutput(layer.outputShape, what: what, argument: "layers", budget: args.budget)
        }
        return .object(ModelObject(model))
    }
    r.define("summary(model)", topic: "models",
             "Prints the model's layers Keras-style: name, type, output shape, parameters, totals.") { args, interpreter in
        interpreter.output.write(try model(args).summary() + "\n")
        return .none
    }
    r.define("compile(model, optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy], "
             + "learning_rate: none)", topic: "training",
             "Chooses how the model learns: compile(model, optimizer: adam, loss: sparse_categorical_crossentropy).") { args, _ in
        let m = try model(args)
        let name = try args.named("optimizer", kind: "optimizer", among: ["adam", "sgd"])
        let rate = args.isNone("learning_rate") ? nil : try hyperparameter(args, "learning_rate", above: 0)
        let optimizer: any Optimizer = name == "adam" ? Adam(learningRate: rate ?? 0.001) : SGD(learningRate: rate ?? 0.01)
        let loss = Loss(rawValue: try args.named("loss", kind: "loss", among: Loss.allCases.map(\.rawValue)))!
        for metric in try args.items("metrics") {
            guard case .named(let named) = metric, named.name == "accuracy" || metric.printed == "accuracy" else {
                if case .string("accuracy") = metric { continue }
                throw BuiltinError("compile: the only metric is accuracy, got \(metric.shortDescription)",
                                   argument: "metrics")
            }
        }
        m.compile(optimizer: optimizer, loss: loss)
        return .none
    }
    r.define("fit(model, x, y, epochs: 1, batch_size: 32, validation_data: none, shuffle: true, verbose: true)",
             topic: "training",
             "Trains the model, drawing a progress bar; Ctrl-C stops at the next batch. Returns the history.") { args, interpreter in
        let m = try model(args)
        var validation: (x: Tensor, y: Tensor)? = nil
        if !args.isNone("validation_data") {
            var pair: [Value] = []
            if case .tuple(let items) = args["validation_data"] { pair = items }
            if case .list(let items) = args["validation_data"] { pair = items }
            guard pair.count == 2 else {
                throw args.fail("validation_data", expected: "a pair (x_val, y_val) of images and labels")
            }
            validation = (try pair[0].asTensor(), try pair[1].asTensor())
        }
        var progress = TrainingProgress(output: interpreter.output, verbose: try args.bool("verbose"))
        let (x, y) = (try args.tensor("x"), try args.tensor("y"))
        let epochs = try args.int("epochs")
        guard epochs >= 0 else { throw args.fail("epochs", expected: "a whole number of epochs, 0 or more") }
        try requireFinite(x, "x", args)
        try requireFinite(y, "y", args)
        if let validation {
            try requireFinite(validation.x, "validation_data", args)
            try requireFinite(validation.y, "validation_data", args)
        }
        let result = try m.fit(x: x, y: y, batchSize: try args.positiveInt("batch_size"),
                               epochs: epochs, shuffle: try args.bool("shuffle"),
                               validationData: validation,
                               onEvent: { progress.handle($0) }, limits: args.limits)
        if result.interrupted { throw Interrupted() }
        return .object(HistoryObject(result.history))
    }
    r.define("evaluate(model, x, y, batch_size: 256)", topic: "training",
             "The model's mean loss and accuracy on x and y, as a tuple (loss, accuracy).") { args, _ in
        let (m, x, y) = (try model(args), try args.tensor("x"), try args.tensor("y"))
        let (loss, accuracy) = try m.evaluate(x: x, y: y, batchSize: try args.positiveInt("batch_size"),
                                              limits: args.limits)
        return .tuple([.number(loss), .number(accuracy)])
    }
    r.define("predict(model, x, batch_size: 256)", topic: "training",
             "The model's outputs for a batch of inputs (class probabilities for a softmax model).") { args, _ in
        let (m, x) = (try model(args), try args.tensor("x"))
        return .tensor(try m.predict(x, batchSize: try args.positiveInt("batch_size"), limits: args.limits))
    }
    r.define("save_weights(model, path)", topic: "files",
             "Saves every weight to a .safetensors file under Keras' names (conv2d/kernel, …).") { args, interpreter in
        let path = try weightsPath(args)
        let m = try model(args)
        try createParentFolders(of: path)
        try m.saveWeights(to: path)
        interpreter.output.receive(.fileWritten(path: path, picture: nil))
        return .none
    }
    r.define("load_weights(model, path)", topic: "files",
             "Loads weights saved by save_weights or exported from Keras into a model of the same layers.") { args, _ in
        let path = try weightsPath(args)
        try model(args).loadWeights(from: path)
        return .none
    }
}

/// The `path` of save_weights/load_weights, which must name a .safetensors file: the extension decides the format,
/// so weights never land in a file whose name promises NumPy or an image.
private func weightsPath(_ args: Arguments) throws -> String {
    let path = try args.path("path")
    let ext = Arguments.fileExtension(path)
    guard ext == "safetensors" else {
        throw BuiltinError("\(args.builtin.name): weights are stored as safetensors, so the file name must end in "
                           + ".safetensors, not " + (ext.isEmpty ? "without an extension" : ".\(ext)"),
                           argument: "path",
                           help: ext == "npy" ? "save(tensor, \"x.npy\") writes a NumPy array; weights need .safetensors"
                               : "for example \"model.safetensors\"")
    }
    return path
}

/// `flatten()` with no tensor: the Keras layer.
func flattenLayer(_ args: Arguments) throws -> Value {
    try layerSpec("flatten", args, settings: "") { Flatten() }
}

func model(_ args: Arguments, _ name: String = "model") throws -> Model {
    try args.object(name, as: ModelObject.self, expected: "a model (made with sequential([…]))").model
}

/// A pooling layer's `pool_size`, `strides` (none: the pool size) and `padding`.
func poolingArguments(_ args: Arguments) throws -> (size: (Int, Int), strides: (Int, Int)?, padding: Padding) {
    (try pair(args, "pool_size"), args.isNone("strides") ? nil : try pair(args, "strides"), try paddingArgument(args))
}

/// `padding: same` or `padding: valid`.
func paddingArgument(_ args: Arguments) throws -> Padding {
    Padding(rawValue: try args.named("padding", kind: "padding", among: Padding.allCases.map(\.rawValue)))!
}

func activationArgument(_ args: Arguments) throws -> Activation {
    Activation(rawValue: try args.named("activation", kind: "activation", among: Activation.allCases.map(\.rawValue)))!
}

/// A layer value; every layer builtin also takes `name:` (unique in a model; Keras names the rest) and
/// `trainable:` (false freezes it for fit).
func layerSpec(_ kind: String, _ args: Arguments, settings: String,
               _ make: @escaping () throws -> any Layer) throws -> Value {
    let takesShape = args.builtin.parameters.contains { $0.name == "input_shape" }
    let inputShape = !takesShape || args.isNone("input_shape") ? nil : try shape(args, "input_shape")
    let name = args.isNone("name") ? "" : try layerName(args)
    let trainable = try args.bool("trainable")
    let named = {
        let layer = try make()
        layer.name = name
        layer.trainable = trainable
        return layer
    }
    _ = try named()  // reports bad settings now, at the call that has them
    return .object(LayerSpec(kind: kind, inputShape: inputShape, settings: settings, make: named))
}

/// A hyper-parameter that must be a finite number above `above` (a learning rate above 0).
private func hyperparameter(_ args: Arguments, _ name: String, above low: Double) throws -> Float {
    let value = try args.number(name)
    guard value.isFinite, value > low, value <= Double(Float.greatestFiniteMagnitude) else {
        throw BuiltinError("\(args.builtin.name): '\(name)' must be a finite number greater than \(formatNumber(low)), "
                           + "got \(formatNumber(value))", argument: name,
                           help: name == "learning_rate" ? "Keras' defaults are 0.001 for adam and 0.01 for sgd" : nil)
    }
    return Float(value)
}

/// Refuses training data holding nan or infinity: a single one turns every weight into nan.
private func requireFinite(_ t: Tensor, _ name: String, _ args: Arguments) throws {
    guard let first = t.scalars.firstIndex(where: { !$0.isFinite }) else { return }
    let bad = t.scalars.lazy.filter { !$0.isFinite }.count
    var position: [Int] = []
    var rest = first
    for stride in t.shape.rowMajorStrides { position.append(rest / max(stride, 1)); rest %= max(stride, 1) }
    throw BuiltinError("\(args.builtin.name): '\(name)' holds \(bad) value\(bad == 1 ? "" : "s") that \(bad == 1 ? "is" : "are") "
                       + "nan or infinite (the first, \(formatNumber(Double(t.scalars[first]))), at index "
                       + "\(position.shapeDescription)); a model cannot learn from them", argument: name,
                       help: "fix or drop those examples first")
}

/// `3` or `(3, 3)`.
func pair(_ args: Arguments, _ name: String) throws -> (Int, Int) {
    if case .number = args[name] {
        let n = try args.positiveInt(name)
        return (n, n)
    }
    let items = try args.items(name)
    guard items.count == 2, case .number = items[0], case .number = items[1],
          let a = items[0].wholeNumber, let b = items[1].wholeNumber, a > 0, b > 0 else {
        throw args.fail(name, expected: "a positive whole number up to 1e15 or a pair like (3, 3)")
    }
    return (a, b)
}

/// A shape tuple such as `(28, 28, 1)`.
func shape(_ args: Arguments, _ name: String) throws -> [Int] {
    let extents = try args.items(name).map { item in
        guard case .number = item, let n = item.wholeNumber, n > 0 else {
            throw args.fail(name, expected: "a shape of positive whole numbers like (28, 28, 1)")
        }
        return n
    }
    try args.checkElements(Limits.elementCount(extents), for: "\(args.builtin.name): '\(name)' \(extents.shapeDescription)",
                           argument: name)
    return extents
}
