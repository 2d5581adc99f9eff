import CamLabCore
import CamLabLang
import CamLabNN

/// A builtin that makes a layer value, such as `dense(10, activation: relu)`: it declares its settings as
/// parameters, says how it shows them and builds the layer from them; `run` adds the options every layer takes.
///
///     struct DropoutBuiltin: LayerBuiltin {
///         static let configuration = BuiltinConfiguration("dropout", topic: "models", "…")
///         @Positional var rate: Float
///         @Group var layer: LayerOptions
///         var settings: String { "\(rate)" }
///         func makeLayer() throws -> any Layer { try Dropout(rate: rate) }
///     }
protocol LayerBuiltin: BuiltinFunction {
    /// `input_shape:`, `name:` and `trainable:`, declared as `@Group var layer: LayerOptions`.
    var layer: LayerOptions { get }
    /// The layer's kind, as `summary` and messages name it: the builtin's name unless several builtins share a type.
    var kind: String { get }
    /// The settings a layer value shows: "32, 3×3, padding: same, activation: relu" for a conv2d.
    var settings: String { get }
    /// A new layer with these settings, throwing when they are wrong. Made once when the builtin is called, so
    /// the call reports bad settings, and again for each model built from the value.
    func makeLayer() throws -> any Layer
}

extension LayerBuiltin {
    var kind: String { Self.configuration.name }

    func run(_ call: BuiltinCall) throws -> Value { try layer.spec(kind, settings: settings, makeLayer) }
}

/// What every layer builtin also takes: `input_shape:` (for the first layer of a model), `name:` (unique in a
/// model; Keras names the rest) and `trainable:` (false freezes it for fit).
struct LayerOptions: ParameterGroup {
    @Labelled var inputShape: Extents? = nil
    @Labelled var name: LayerName? = nil
    @Labelled var trainable = true

    /// A layer value of `kind` made by `make`, with these options.
    func spec(_ kind: String, settings: String, _ make: @escaping () throws -> any Layer) throws -> Value {
        try layerSpec(kind, inputShape: inputShape?.extents, name: name, trainable: trainable, settings: settings, make)
    }
}

/// A layer value; checks the settings by making the layer once, at the call that has them.
func layerSpec(_ kind: String, inputShape: [Int]?, name: LayerName?, trainable: Bool, settings: String,
               _ make: @escaping () throws -> any Layer) throws -> Value {
    let named = {
        let layer = try make()
        layer.name = name?.text ?? ""
        layer.trainable = trainable
        return layer
    }
    _ = try named()  // reports bad settings now, at the call that has them
    return .object(LayerSpec(kind: kind, inputShape: inputShape, settings: settings, make: named))
}
