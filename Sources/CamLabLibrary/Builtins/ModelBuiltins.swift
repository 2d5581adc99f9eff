import CamLabCore
import CamLabLang
import CamLabNN

/// Layers, models, training and weights, over CamLabNN. Layer builtins are named as Keras names the layers.
func registerModelBuiltins(in r: BuiltinRegistry) {
    r.register([
        Conv2DBuiltin.self, DenseBuiltin.self, DropoutBuiltin.self, Sequential.self, Summary.self, Compile.self,
        Fit.self, Evaluate.self, Predict.self, SaveWeights.self, LoadWeights.self,
    ])
    r.register(BuiltinConfiguration("max_pooling2d", topic: "models",
                                    "A max-pooling layer over windows of pool_size × pool_size.")) {
        Pooling2DBuiltin(kind: "max_pooling2d") { try MaxPooling2D(poolSize: $0, strides: $1, padding: $2) }
    }
}

struct Conv2DBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("conv2d", topic: "models",
        "A 2-D convolution layer over NHWC images: conv2d(32, 3, padding: same, activation: relu). "
        + "use_bias: false leaves out the bias (before a batch_normalization, whose beta takes its place); "
        + "dilation_rate spreads the kernel's taps apart, as Keras' (not together with strides).")
    @Positional(.positive) var filters: Int
    @Positional var kernelSize: Pair
    @Labelled var strides = Pair(1)
    @Labelled var padding = Padding.valid
    @Labelled var activation = Activation.linear
    @Labelled var useBias = true
    @Labelled var dilationRate = Pair(1)
    @Group var layer: LayerOptions

    var settings: String {
        "\(filters), \(kernelSize.first)×\(kernelSize.second), padding: \(padding.rawValue), "
            + "activation: \(activation.rawValue)"
    }

    func makeLayer() throws -> any Layer {
        try Conv2D(filters: filters, kernelSize: kernelSize.tuple, strides: strides.tuple, padding: padding,
                   activation: activation, useBias: useBias, dilationRate: dilationRate.tuple)
    }
}

struct DenseBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("dense", topic: "models",
                                                    "A fully connected layer: dense(10, activation: softmax).")
    @Positional(.positive) var units: Int
    @Labelled var activation = Activation.linear
    @Labelled var useBias = true
    @Group var layer: LayerOptions

    var settings: String { "\(units), activation: \(activation.rawValue)" }
    func makeLayer() throws -> any Layer { try Dense(units: units, activation: activation, useBias: useBias) }
}

/// `max_pooling2d(…)` and `average_pooling2d(…)`: a pooling window, its strides and padding.
struct Pooling2DBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("max_pooling2d", topic: "models", "")
    var kind = ""
    var make: @Sendable ((Int, Int), (Int, Int)?, Padding) throws -> any Layer = {
        try MaxPooling2D(poolSize: $0, strides: $1, padding: $2)
    }
    @Positional var poolSize = Pair(2)
    @Labelled var strides: Pair? = nil
    @Labelled var padding = Padding.valid
    @Group var layer: LayerOptions

    init() {}
    init(kind: String, make: @escaping @Sendable ((Int, Int), (Int, Int)?, Padding) throws -> any Layer) {
        self.kind = kind
        self.make = make
    }

    var settings: String { "\(poolSize.first)×\(poolSize.second)" }
    func makeLayer() throws -> any Layer { try make(poolSize.tuple, strides?.tuple, padding) }
}

struct DropoutBuiltin: LayerBuiltin {
    static let configuration = BuiltinConfiguration("dropout", topic: "models",
                                                    "A layer that zeroes a fraction `rate` of its inputs while training.")
    @Positional var rate: Float
    @Group var layer: LayerOptions

    var settings: String { "\(rate)" }
    func makeLayer() throws -> any Layer { try Dropout(rate: rate) }
}

struct Sequential: BuiltinFunction {
    static let configuration = BuiltinConfiguration("sequential", topic: "models",
        "A model applying the layers in order; the input shape comes from here or the first layer.")
    @Positional var layers: [Value]
    @Labelled var inputShape: Extents? = nil
    @Labelled var seed = 0
    @Labelled var name = "sequential"

    func run(_ call: BuiltinCall) throws -> Value {
        let specs = try layers.map { item -> LayerSpec in
            guard case .object(let spec as LayerSpec) = item else {
                throw $layers.error("sequential: every item of 'layers' must be a layer such as conv2d(…) or dense(…), "
                                    + "got \(item.described)")
            }
            return spec
        }
        guard let inputShape = inputShape?.extents ?? specs.first?.inputShape else {
            throw $inputShape.error("sequential: the model needs an input shape",
                                    help: "give it to the first layer, e.g. conv2d(32, 3, input_shape: (28, 28, 1)), "
                                        + "or to sequential(…, input_shape: (28, 28, 1))")
        }
        let model = try Model(inputShape: inputShape, seed: UInt64(truncatingIfNeeded: seed), name: name)
        for (index, spec) in specs.enumerated() {
            // A layer's own input_shape must be the shape it receives, or the model is not the one described.
            let received = model.outputShape
            if let stated = spec.inputShape, stated != received, index > 0 || self.inputShape != nil {
                let source = index == 0 ? "sequential's input_shape" : "layer \(index) (\(specs[index - 1].kind))"
                throw $layers.error("sequential: layer \(index + 1) (\(spec.kind)) says input_shape: "
                                    + "\(stated.shapeDescription), but it receives \(received.shapeDescription) from \(source)",
                                    help: "only the first layer needs input_shape; remove it from the others, or correct it")
            }
            let layer = try spec.make(), what = "sequential: layer \(index + 1) (\(spec.kind))"
            try LayerSize.checkWeights(of: layer, inputShapes: [model.outputShape], what: what, argument: $layers.name,
                                       budget: call.budget)
            try model.add(layer)
            try LayerSize.checkOutput(layer.outputShape, what: what, argument: $layers.name, budget: call.budget)
        }
        return .object(ModelObject(model))
    }
}

struct Summary: BuiltinFunction {
    static let configuration = BuiltinConfiguration("summary", topic: "models",
        "Prints the model's layers Keras-style: name, type, output shape, parameters, totals.")
    @Positional var model: Model

    func run(_ call: BuiltinCall) throws -> Value {
        call.output.write(model.summary() + "\n")
        return .none
    }
}

struct Compile: BuiltinFunction {
    static let configuration = BuiltinConfiguration("compile", topic: "training",
        "Chooses how the model learns: compile(model, optimizer: adam, loss: sparse_categorical_crossentropy).")
    @Positional var model: Model
    @Labelled var optimizer = OptimizerName.adam
    @Labelled var loss = Loss.sparseCategoricalCrossentropy
    @Labelled var metrics: [Value] = [.named(NamedValue(kind: "metric", name: "accuracy"))]
    @Labelled var learningRate: Double? = nil

    func run(_ call: BuiltinCall) throws -> Value {
        let rate = try learningRate.map { try hyperparameter($0, $learningRate, above: 0) }
        let chosen: any Optimizer = optimizer == .adam ? Adam(learningRate: rate ?? 0.001) : SGD(learningRate: rate ?? 0.01)
        for metric in metrics {
            guard case .named(let named) = metric, named.name == "accuracy" || metric.printed == "accuracy" else {
                if case .string("accuracy") = metric { continue }
                throw $metrics.error("compile: the only metric is accuracy, got \(metric.shortDescription)")
            }
        }
        model.compile(optimizer: chosen, loss: loss)
        return .none
    }
}

/// What fit and evaluate read: the model, its inputs, and their labels (none when the inputs are a dataset, which
/// brings its own).
struct LabelledInputs: ParameterGroup {
    @Positional var model: Model
    @Positional var x: ModelInputs
    @Positional var y: Tensor? = nil

    /// The inputs and their labels, from `y` or from the dataset.
    func resolve() throws -> (x: Tensor, y: Tensor) { try x.labelled(y, $y) }
}

struct Fit: BuiltinFunction {
    static let configuration = BuiltinConfiguration("fit", topic: "training",
        "Trains the model, drawing a progress bar; Ctrl-C stops at the next batch. Returns the history. "
        + "x and validation_data may be datasets from image_dataset_from_directory, which bring their labels.")
    @Group var data: LabelledInputs
    @Labelled var epochs = 1
    @Labelled(.positive) var batchSize = 32
    @Labelled var validationData: Value = .none
    @Labelled var shuffle = true
    @Labelled var verbose = true

    func run(_ call: BuiltinCall) throws -> Value {
        let (x, y) = try data.resolve()
        var validation: (x: Tensor, y: Tensor)? = nil
        if let dataset = try ModelInputs.dataset(validationData, $validationData) {
            validation = try dataset.labelled(nil, $validationData)
        } else if case .none = validationData {} else {
            var pair: [Value] = []
            if case .tuple(let items) = validationData { pair = items }
            if case .list(let items) = validationData { pair = items }
            guard pair.count == 2 else {
                throw $validationData.fail(expected: "a pair (x_val, y_val) of images and labels, or a dataset")
            }
            validation = (try pair[0].asTensor(), try pair[1].asTensor())
        }
        var progress = TrainingProgress(output: call.output, verbose: verbose)
        guard epochs >= 0 else { throw $epochs.fail(expected: "a whole number of epochs, 0 or more") }
        try requireFinite(x, data.$x)
        try requireFinite(y, data.$y)
        if let validation {
            try requireFinite(validation.x, $validationData)
            try requireFinite(validation.y, $validationData)
        }
        let result = try data.model.fit(x: x, y: y, batchSize: batchSize, epochs: epochs, shuffle: shuffle,
                                        validationData: validation, onEvent: { progress.handle($0) },
                                        limits: call.limits)
        if result.interrupted { throw Interrupted() }
        return .object(HistoryObject(result.history))
    }
}

struct Evaluate: BuiltinFunction {
    static let configuration = BuiltinConfiguration("evaluate", topic: "training",
        "The model's mean loss and accuracy on x and y (or on a dataset and its labels), as a tuple "
        + "(loss, accuracy).")
    @Group var data: LabelledInputs
    @Labelled(.positive) var batchSize = 256

    func run(_ call: BuiltinCall) throws -> Value {
        let (x, y) = try data.resolve()
        let (loss, accuracy) = try data.model.evaluate(x: x, y: y, batchSize: batchSize, limits: call.limits)
        return .tuple([.number(loss), .number(accuracy)])
    }
}

struct Predict: BuiltinFunction {
    static let configuration = BuiltinConfiguration("predict", topic: "training",
        "The model's outputs for a batch of inputs or a dataset's pictures (class probabilities for a softmax "
        + "model).")
    @Positional var model: Model
    @Positional var x: ModelInputs
    @Labelled(.positive) var batchSize = 256

    func run(_ call: BuiltinCall) throws -> Value {
        .tensor(try model.predict(x.x, batchSize: batchSize, limits: call.limits))
    }
}

struct SaveWeights: BuiltinFunction {
    static let configuration = BuiltinConfiguration("save_weights", topic: "files",
        "Saves every weight to a .safetensors file under Keras' names (conv2d/kernel, …).")
    @Positional var model: Model
    @Positional(.safetensors) var path: FilePath

    /// The model's weights are one of its forms (`ObjectForms.swift`); save writes them as it writes any form.
    func run(_ call: BuiltinCall) throws -> Value { try call.save(.object(ModelObject(model)), to: path) }
}

struct LoadWeights: BuiltinFunction {
    static let configuration = BuiltinConfiguration("load_weights", topic: "files",
        "Loads weights saved by save_weights or exported from Keras into a model of the same layers.")
    @Positional var model: Model
    @Positional(.safetensors) var path: FilePath

    func run(_ call: BuiltinCall) throws -> Value {
        try model.loadWeights(from: path.path)
        return .none
    }
}

extension Check where T == FilePath {
    /// Weights go to a .safetensors file: the extension decides the format, so weights never land in a file
    /// whose name promises NumPy or an image.
    static var safetensors: Check {
        Check { path, slot in
            let ext = path.fileExtension
            guard ext == "safetensors" else {
                throw slot.error("\(slot.builtinName): weights are stored as safetensors, so the file name must end in "
                                 + ".safetensors, not " + (ext.isEmpty ? "without an extension" : ".\(ext)"),
                                 help: ext == "npy" ? "save(tensor, \"x.npy\") writes a NumPy array; weights need .safetensors"
                                     : "for example \"model.safetensors\"")
            }
        }
    }
}

/// A hyper-parameter that must be a finite number above `above` (a learning rate above 0).
private func hyperparameter(_ value: Double, _ slot: ParameterSlot, above low: Double) throws -> Float {
    guard value.isFinite, value > low, value <= Double(Float.greatestFiniteMagnitude) else {
        throw slot.error("\(slot.builtinName): '\(slot.name)' must be a finite number greater than \(formatNumber(low)), "
                         + "got \(formatNumber(value))",
                         help: slot.name == "learning_rate" ? "Keras' defaults are 0.001 for adam and 0.01 for sgd" : nil)
    }
    return Float(value)
}

/// Refuses training data holding nan or infinity: a single one turns every weight into nan.
private func requireFinite(_ t: Tensor, _ slot: ParameterSlot) throws {
    guard let first = t.scalars.firstIndex(where: { !$0.isFinite }) else { return }
    let bad = t.scalars.lazy.filter { !$0.isFinite }.count
    var position: [Int] = []
    var rest = first
    for stride in t.shape.rowMajorStrides { position.append(rest / max(stride, 1)); rest %= max(stride, 1) }
    throw slot.error("\(slot.builtinName): '\(slot.name)' holds \(bad) value\(bad == 1 ? "" : "s") that \(bad == 1 ? "is" : "are") "
                     + "nan or infinite (the first, \(formatNumber(Double(t.scalars[first]))), at index "
                     + "\(position.shapeDescription)); a model cannot learn from them",
                     help: "fix or drop those examples first")
}
