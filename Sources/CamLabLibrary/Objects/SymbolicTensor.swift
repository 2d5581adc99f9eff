import CamLabCore
import CamLabLang
import CamLabNN
import Synchronization

/// A tensor of a model being described, as Keras' `KerasTensor`: no values, only its per-example shape and where
/// it comes from — an `input(shape: …)`, or a layer called on other symbolic tensors. `functional(inputs,
/// outputs)` walks these links back to build the model.
public final class SymbolicTensor: CamLabObject {
    public let typeName = "symbolic tensor"
    /// The per-example shape (without the batch axis).
    let shape: [Int]
    /// The layer that computes this tensor; nil for a model input.
    let layer: (any Layer)?
    /// The tensors the layer reads.
    let inputs: [SymbolicTensor]
    /// For an input: the name it was given (nil for Keras' automatic `input_1`).
    let inputName: String?
    /// The builtin that made the layer ("conv2d", "add", …), for messages about unnamed layers.
    let kind: String
    /// When the tensor was made: a creation order is a topological order, and the order Keras names layers in.
    let serial: Int

    /// Tensors made so far, by every session of the process (an atomic: sessions may run on different threads).
    private static let made = Atomic<Int>(0)

    private init(shape: [Int], layer: (any Layer)?, inputs: [SymbolicTensor], inputName: String?, kind: String) {
        self.shape = shape
        self.layer = layer
        self.inputs = inputs
        self.inputName = inputName
        self.kind = kind
        serial = Self.made.add(1, ordering: .relaxed).newValue
    }

    static func input(shape: [Int], name: String?) -> SymbolicTensor {
        SymbolicTensor(shape: shape, layer: nil, inputs: [], inputName: name, kind: "input")
    }

    /// The output of `layer` (of shape `shape`) reading `inputs`.
    static func output(of layer: any Layer, shape: [Int], kind: String, reading inputs: [SymbolicTensor]) -> SymbolicTensor {
        SymbolicTensor(shape: shape, layer: layer, inputs: inputs, inputName: nil, kind: kind)
    }

    var isInput: Bool { layer == nil }

    /// The batched shape as Keras prints it: (None, 28, 28, 1).
    var kerasShape: String { "(" + (["None"] + shape.map(String.init)).joined(separator: ", ") + ")" }

    /// Where the tensor comes from, for messages: `'stem'`, `an unnamed conv2d`, `input 'input_1'`.
    var origin: String {
        if isInput { return "input '\(inputName ?? "input_1")'" }
        if let name = layer?.name, !name.isEmpty { return "'\(name)'" }
        return "an unnamed " + kind
    }

    /// Every tensor this one is computed from, itself included, each once.
    var ancestry: [SymbolicTensor] {
        var seen: Set<ObjectIdentifier> = [], out: [SymbolicTensor] = [], stack = [self]
        while let t = stack.popLast() {
            guard seen.insert(ObjectIdentifier(t)).inserted else { continue }
            out.append(t)
            stack += t.inputs
        }
        return out
    }

    public var memberNames: [String] { ["shape", "name"] }

    public func member(_ name: String) -> Value? {
        switch name {
        case "shape": return .tuple([.none] + shape.map { .number(Double($0)) })
        case "name": return isInput ? .string(inputName ?? "input_1") : layer.map { .string($0.name) }
        default: return nil
        }
    }

    public var summary: String { "<symbolic tensor shape=\(kerasShape) from \(origin)>" }
}
