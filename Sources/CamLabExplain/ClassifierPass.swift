import CamLabCore
import CamLabNN

/// Gradients "at layer −1" are gradients with respect to the input pixels.
let inputIndex = -1

/// One batch's forward pass through a classifier, layer by layer, keeping the layer outputs an explanation
/// reads; then backward passes of one score per image. Images in a batch do not interact, so the gradient of the
/// sum of their scores with respect to a layer's output holds each image's own gradient: a whole batch is
/// explained with one forward and one backward pass, at batch speed.
///
/// The model's layers keep the state of the latest forward pass for their backward pass, so a pass is used before
/// the next one starts on the same model; explanations never run two at once.
final class ClassifierPass {
    let model: Sequential
    /// The outputs kept, by layer index (`inputIndex` for the input): the layers asked for and every ReLU
    /// layer, whose output a guided backward pass needs (the layers hold these tensors anyway).
    private(set) var recorded: [Int: Tensor] = [:]
    /// The last layer's values before and after its activation, (batch, classes).
    let logits: Tensor
    let output: Tensor

    /// Runs `batch` through every layer, keeping the outputs of the layers in `keeping`.
    convenience init(model: Sequential, batch: Tensor, keeping: Set<Int> = []) {
        self.init(model: model, startingAfter: inputIndex, with: batch, keeping: keeping)
    }

    /// Runs the layers above `index` on `activations`, as if layer `index` had output them (Ablation-CAM replaces
    /// a layer's output this way).
    init(model: Sequential, startingAfter index: Int, with activations: Tensor, keeping: Set<Int> = []) {
        self.model = model
        var value = activations
        recorded[index] = activations
        for i in (index + 1)..<(model.layers.count - 1) {
            value = model.layers[i].forward(value, training: false)
            if keeping.contains(i) || model.layers[i].isReLU { recorded[i] = value }
        }
        (logits, output) = model.topForward(value)
    }

    var batchSize: Int { output.shape[0] }

    /// Each image's score for its target: the logit or the probability (the model's output).
    func scores(_ targets: [Int], kind: ScoreKind) -> [Float] {
        let values = kind == .logit ? logits : output
        let classes = values.shape[1]
        return targets.enumerated().map { image, target in values.scalars[image * classes + target] }
    }

    /// d (sign · score of image i for targets[i]) / d (output of each layer in `indices`), each of shape
    /// (batch, …) like the layer's output; `inputIndex` gives the gradient with respect to the input. One backward
    /// pass from the top down to the lowest layer asked for; a pass may be run backward several times. A `guided`
    /// pass applies Guided Backpropagation's rule at every ReLU: only positive gradients pass back, and only
    /// where the ReLU was active. Parameter gradients are left zeroed.
    func gradients(targets: [Int], kind: ScoreKind, sign: Float = 1, at indices: Set<Int>,
                   guided: Bool = false) -> [Int: Tensor] {
        precondition(targets.count == batchSize, "one target per image")
        let layers = model.layers
        var seed = Tensor.zeros(output.shape)
        let classes = output.shape[1]
        for (image, target) in targets.enumerated() { seed.scalars[image * classes + target] = sign }
        var gradient = kind == .logit ? model.topBackward(logitGradient: seed)
                                      : layers[layers.count - 1].backward(seed, needsInputGradient: true)
        var result: [Int: Tensor] = [:]
        guard let lowest = indices.min() else { return result }
        // `gradient` is now with respect to the output of layer `index`.
        var index = layers.count - 2
        while index >= lowest {
            if indices.contains(index) { result[index] = gradient }
            if index == lowest { break }
            gradient = backward(through: index, gradient, guided: guided)
            index -= 1
        }
        for parameter in model.parameters { parameter.zeroGradient() }
        return result
    }

    /// d score / d (input of layer `index`) from d score / d (its output).
    private func backward(through index: Int, _ gradient: Tensor, guided: Bool) -> Tensor {
        let layer = model.layers[index]
        guard guided, layer.isReLU, let output = recorded[index] else {
            return layer.backward(gradient, needsInputGradient: true)
        }
        var g = gradient
        g.scalars.withUnsafeMutableBufferPointer { g in
            output.scalars.withUnsafeBufferPointer { y in
                for i in g.indices where !(y[i] > 0 && g[i] > 0) { g[i] = 0 }
            }
        }
        // The mask above is the ReLU's own derivative and the guided rule together.
        if let activated = layer as? any ActivatedLayer {
            return activated.backward(preActivationGradient: g, needsInputGradient: true)
        }
        return g
    }
}

extension Layer {
    /// A layer whose output passes through a ReLU: a convolution or dense layer with `activation: relu`, or a
    /// ReLU activation layer.
    var isReLU: Bool {
        switch self {
        case let layer as any ActivatedLayer: layer.activation == .relu
        case let layer as ActivationLayer: layer.activation == .relu
        default: false
        }
    }
}

/// Calls `body` with consecutive ranges of at most `size` of `0..<count`; stops with `Interrupted` before a chunk
/// once `interruption` is requested.
func forEachChunk(_ count: Int, size: Int, stoppingAt interruption: InterruptionFlag,
                  _ body: (Range<Int>) throws -> Void) throws {
    var start = 0
    while start < count {
        try interruption.check()
        let end = min(start + max(size, 1), count)
        try body(start..<end)
        start = end
    }
}
