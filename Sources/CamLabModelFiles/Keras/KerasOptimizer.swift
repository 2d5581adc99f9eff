import CamLabCore
import CamLabData
import CamLabNN

/// A compiled model's training setup in Keras files: the optimizer and loss (`compile_config` in a `.keras`
/// archive's config.json, the `training_config` attribute of an `.h5` file) and the optimizer's variables.
///
/// Keras saves the variables in the order its optimizer builds them, the step count first, then each trainable
/// weight's slots in `model.trainable_weights` order (Scripts/fixtures/keras_optimizer_state.py dumps them):
/// - Keras 3 `.keras`: model.weights.h5 `optimizer/vars/0…N`: iteration (int32), learning_rate, then per weight
///   Adam's momentum and velocity (SGD's momentum).
/// - tf.keras 2.15 `.keras`: the same group without learning_rate; the iteration is int64.
/// - tf.keras 2.15 `.h5`: `optimizer_weights`, its `weight_names` attribute listing `iteration:0`,
///   `Adam/m/<layer>/<weight>:0`, `Adam/v/<layer>/<weight>:0`, …; Keras 3's `.h5` lists `adam/iteration`,
///   `adam/learning_rate`, `adam/<model>_<layer>_<weight>_momentum`, ….
/// Each Keras skips (with a warning) a list whose length is not its own, so CamLab writes one form per file —
/// by default Keras 3's in a `.keras` archive and tf.keras 2.15's in an `.h5` file — and reads all four.
enum KerasOptimizer {
    /// Which Keras the optimizer's variables are laid out for.
    enum Form { case tfKeras2, keras3 }

    // MARK: Writing

    /// The optimizer's class and config, with only the settings both Keras versions accept.
    static func optimizerConfig(_ optimizer: any Optimizer) -> (className: String, config: JSON) {
        let number = KerasConfigWriter.number(_:) as (Float) -> JSON
        var config: [(String, JSON)] = [("learning_rate", number(optimizer.learningRate)), ("weight_decay", .null),
                                        ("clipnorm", .null), ("global_clipnorm", .null), ("clipvalue", .null),
                                        ("use_ema", .bool(false)), ("ema_momentum", .number("0.99")),
                                        ("ema_overwrite_frequency", .null)]
        switch optimizer {
        case let sgd as SGD:
            config = [("name", .string("SGD"))] + config
                + [("momentum", number(sgd.momentum)), ("nesterov", .bool(sgd.nesterov))]
            return ("SGD", .object(config))
        case let adam as Adam:
            config = [("name", .string("adam"))] + config
                + [("beta_1", number(adam.beta1)), ("beta_2", number(adam.beta2)), ("epsilon", number(adam.epsilon)),
                   ("amsgrad", .bool(false))]
            return ("Adam", .object(config))
        default:
            preconditionFailure("an optimizer CamLab has no Keras name for: \(optimizer.description)")
        }
    }

    /// config.json's `compile_config`, or nil for a model never compiled.
    static func compileConfig(_ model: Model) -> JSON? {
        guard let optimizer = model.optimizer, let loss = model.loss else { return nil }
        let (className, config) = optimizerConfig(optimizer)
        return .object([("optimizer", .object([("module", .string("keras.optimizers")), ("class_name", .string(className)),
                                               ("config", config), ("registered_name", .null)])),
                        ("loss", .string(loss.rawValue)), ("loss_weights", .null), ("metrics", .array([.string("accuracy")])),
                        ("weighted_metrics", .null), ("run_eagerly", .bool(false)),
                        ("steps_per_execution", KerasConfigWriter.number(1))])
    }

    /// The `.h5` file's `training_config` attribute, as tf.keras 2.15 writes it ("Custom>Adam", which Keras 3
    /// reads as Adam with its defaults) or Keras 3 does ("Adam", which TensorFlow 2.15 reads as its legacy Adam
    /// and refuses: "Unexpected keyword argument passed to optimizer: weight_decay").
    static func trainingConfig(_ model: Model, form: Form) -> JSON? {
        guard let optimizer = model.optimizer, let loss = model.loss else { return nil }
        let (className, config) = optimizerConfig(optimizer)
        return .object([("loss", .string(loss.rawValue)), ("metrics", .array([.string("accuracy")])),
                        ("weighted_metrics", .null), ("loss_weights", .null),
                        ("optimizer_config", .object([("class_name", .string(form == .tfKeras2 ? "Custom>" + className : className)),
                                                      ("config", config)]))])
    }

    /// The `optimizer/vars` group of a `.keras` archive's weights file (Keras 3's holds the learning rate too).
    static func writeArchiveVariables(_ model: Model, into vars: HDF5Writer.Group, form: Form) {
        guard let optimizer = model.optimizer else { return }
        let parameters = model.trainableParameters
        let state = optimizer.state(of: parameters)
        vars.dataset("0", shape: [], integers: [Int64(state.iterations)])
        if form == .keras3 { vars.dataset("1", shape: [], values: [optimizer.learningRate]) }
        var index = form == .keras3 ? 2 : 1
        for (parameter, slots) in zip(parameters, state.slots) {
            for slot in slots {
                vars.dataset(String(index), shape: parameter.value.shape, values: slot)
                index += 1
            }
        }
    }

    /// The `optimizer_weights` group of an `.h5` file.
    static func writeH5Variables(_ model: Model, into root: HDF5Writer.Group, form: Form) {
        guard let optimizer = model.optimizer else { return }
        let group = root.group("optimizer_weights")
        if form == .keras3 {  // adam/iteration, adam/learning_rate, adam/<model>_<layer>_<weight>_momentum, …
            let prefix = optimizer is Adam ? "adam" : "sgd"
            let state = optimizer.state(of: model.trainableParameters)
            group.group(prefix).dataset("iteration", shape: [], integers: [Int64(state.iterations)])
            group.group(prefix).dataset("learning_rate", shape: [], values: [optimizer.learningRate])
            var names = ["\(prefix)/iteration", "\(prefix)/learning_rate"]
            let owned = model.layers.flatMap { layer in layer.trainableParameters.map { (layer.name, $0) } }
            for ((layer, parameter), slots) in zip(owned, state.slots) {
                for (slotName, slot) in zip(optimizer is Adam ? ["momentum", "velocity"] : ["momentum"], slots) {
                    let name = "\(model.name)_\(layer)_\(parameter.name)_\(slotName)"
                    names.append("\(prefix)/\(name)")
                    group.group(prefix).dataset(name, shape: parameter.value.shape, values: slot)
                }
            }
            group.attributes = [("weight_names", .strings(names))]
            return
        }
        let prefix = optimizer is Adam ? "Adam" : "SGD"
        let state = optimizer.state(of: model.trainableParameters)
        group.dataset("iteration:0", shape: [], integers: [Int64(state.iterations)])
        var names = ["iteration:0"]
        let owned = model.layers.flatMap { layer in layer.trainableParameters.map { (layer.name, $0) } }
        for ((layer, parameter), slots) in zip(owned, state.slots) {
            for (slotName, slot) in zip(optimizer is Adam ? ["m", "v"] : ["m"], slots) {
                names.append("\(prefix)/\(slotName)/\(layer)/\(parameter.name):0")
                group.group(prefix).group(slotName).group(layer).dataset("\(parameter.name):0", shape: parameter.value.shape,
                                                                         values: slot)
            }
        }
        group.attributes = [("weight_names", .strings(names))]
    }

    // MARK: Reading

    /// One saved optimizer variable, in the file's order.
    typealias Variable = (name: String, shape: [Int], values: [Float])

    /// Compiles `model` as `config` (a compile_config or training_config) says and takes up the saved `variables`
    /// for `parameters` (the trainable weights in Keras' order). What cannot be taken up is skipped with a
    /// warning, returned for the caller to show: the model itself always loads.
    static func restore(_ model: Model, config: JSON?, optimizerKey: String, variables: () throws -> [Variable],
                        parameters: [Parameter], source: String) -> [String] {
        guard let config else { return [] }
        let fresh = "; the model loads uncompiled (compile it before fit)"
        guard case .object = config else { return ["\(source): its training config is \(config.kind), not an object\(fresh)"] }
        // A config without an optimizer (Keras 3 wrote keras3_sequential.keras so) compiles Keras' default,
        // RMSprop, which CamLab lacks: such a model loads uncompiled, as every model did before optimizers were read.
        guard let optimizerConfig = config[optimizerKey], optimizerConfig != .null else { return [] }
        let optimizer: any Optimizer
        do {
            optimizer = try makeOptimizer(optimizerConfig)
        } catch {
            return ["\(source): \(error)\(fresh)"]
        }
        guard let lossName = config["loss"]?.string, let loss = Loss(rawValue: lossAliases[lossName] ?? lossName) else {
            return ["\(source): CamLab has no loss \(config["loss"].map(\.text).map { String($0.prefix(80)) } ?? "(none)"); "
                    + "it has " + Loss.allCases.map(\.rawValue).joined(separator: ", ") + fresh]
        }
        model.compile(optimizer: optimizer, loss: loss)
        do {
            let saved = try variables()
            if saved.isEmpty { return [] }  // compiled but never built: nothing to take up
            try take(saved, into: optimizer, parameters: parameters)
            return []
        } catch {
            return ["\(source): the optimizer's saved state is not used (\(error)); fit starts from a fresh "
                    + "\(optimizer.description)"]
        }
    }

    static let lossAliases = ["mse": "mean_squared_error"]

    /// Adam or SGD from Keras' `{"class_name": …, "config": {…}}`; settings CamLab has no counterpart for are errors.
    static func makeOptimizer(_ json: JSON) throws -> any Optimizer {
        if let name = json.string {  // compile(optimizer="adam"), as tf.keras 2.15 keeps it: Keras' defaults
            return try makeOptimizer(.object([("class_name", .string(name)), ("config", .object([]))]))
        }
        guard let name = json["class_name"]?.string, let config = json["config"], case .object = config else {
            throw Problem("its optimizer is not a Keras {class_name, config} object")
        }
        let className = name.hasPrefix("Custom>") ? String(name.dropFirst("Custom>".count)) : name
        func number(_ key: String, _ fallback: Float) throws -> Float {
            guard let value = config[key], value != .null else { return fallback }
            guard case .number(let text) = value, let x = Float(text), x.isFinite else {
                throw Problem("the optimizer's \(key) is \(String(value.text.prefix(80))), not a number CamLab can use "
                              + "(learning-rate schedules are not supported)")
            }
            return x
        }
        for key in ["weight_decay", "clipnorm", "global_clipnorm", "clipvalue"] {
            if let value = config[key], value != .null {
                throw Problem("the optimizer's \(key) is \(String(value.text.prefix(40))); CamLab's optimizers have none")
            }
        }
        if config["use_ema"] == .bool(true) { throw Problem("the optimizer uses an exponential moving average (use_ema), which CamLab's do not") }
        let rate = try number("learning_rate", className.lowercased() == "sgd" ? 0.01 : 0.001)
        guard rate > 0 else { throw Problem("the optimizer's learning_rate is \(rate); it must be positive") }
        switch className.lowercased() {
        case "adam":
            if config["amsgrad"] == .bool(true) { throw Problem("the optimizer is Adam with amsgrad, which CamLab's Adam does not do") }
            let (beta1, beta2, epsilon) = (try number("beta_1", 0.9), try number("beta_2", 0.999), try number("epsilon", 1e-7))
            guard (0..<1).contains(beta1), (0..<1).contains(beta2), epsilon > 0 else {
                throw Problem("the optimizer's beta_1 \(beta1), beta_2 \(beta2) or epsilon \(epsilon) is out of range")
            }
            return Adam(learningRate: rate, beta1: beta1, beta2: beta2, epsilon: epsilon)
        case "sgd":
            let momentum = try number("momentum", 0)
            guard momentum >= 0 && momentum < 1 else { throw Problem("the optimizer's momentum \(momentum) is out of range") }
            return SGD(learningRate: rate, momentum: momentum, nesterov: config["nesterov"] == .bool(true))
        default:
            throw Problem("CamLab has no optimizer \(String(className.prefix(60))); it has Adam and SGD")
        }
    }

    /// Takes up `saved` (the step count, Keras 3's learning rate if there, then each parameter's slots).
    static func take(_ saved: [Variable], into optimizer: any Optimizer, parameters: [Parameter]) throws {
        let slotCount = optimizer.slotNames.count
        // An optimizer Keras compiled but never built (the model was not trained) saves its step count alone,
        // with Keras 3's learning rate: the slots start at zero, as Keras' would.
        let full = 1 + slotCount * parameters.count
        let stepCountOnly = saved.count < full && (saved.count == 1 || saved.count == 2 && saved[1].values.count == 1)
        let expected = stepCountOnly ? 1 : full
        guard saved.count == expected || saved.count == expected + 1 else {
            throw Problem("\(saved.count) variables where \(optimizer is Adam ? "Adam" : "SGD") over the model's "
                          + "\(parameters.count) trainable weights keeps \(expected) (or \(expected + 1) with the learning rate)")
        }
        func scalar(_ variable: Variable) throws -> Float {
            guard variable.values.count == 1, variable.shape.reduce(1, *) == 1 else {
                throw Problem("'\(variable.name)' has shape \(variable.shape.shapeDescription), not a single number")
            }
            return variable.values[0]
        }
        let iterations = try scalar(saved[0])
        guard iterations >= 0, iterations <= 1e15, iterations == iterations.rounded() else {
            throw Problem("the step count '\(saved[0].name)' is \(iterations), not a count")
        }
        var rest = saved.dropFirst()
        var rate: Float?
        if saved.count == expected + 1 {
            let value = try scalar(saved[1])
            guard value.isFinite, value > 0 else { throw Problem("the learning rate '\(saved[1].name)' is \(value)") }
            (rate, rest) = (value, rest.dropFirst())
        }
        var slots: [[[Float]]] = []
        var index = rest.startIndex
        for parameter in parameters where !stepCountOnly {
            var mine: [[Float]] = []
            for slot in 0..<slotCount {
                let variable = rest[index]
                guard variable.shape == parameter.value.shape, variable.values.count == parameter.value.count else {
                    throw Problem("'\(variable.name)' has shape \(variable.shape.shapeDescription) where weight "
                                  + "'\(parameter.name)' has \(parameter.value.shape.shapeDescription)")
                }
                guard variable.values.allSatisfy(\.isFinite) else { throw Problem("'\(variable.name)' holds nan or infinity") }
                if optimizer is Adam, slot == 1, variable.values.contains(where: { $0 < 0 }) {
                    throw Problem("'\(variable.name)', a second moment, holds negative numbers")
                }
                mine.append(variable.values)
                index += 1
            }
            slots.append(mine)
        }
        if let rate { optimizer.learningRate = rate }
        optimizer.restore(OptimizerState(iterations: Int(iterations), slots: slots), of: parameters)
    }
}
