import CamLabCore
import CamLabNN

/// The value "at layer −1": the input pixels.
let inputValue = NodeValue(node: 0)

extension Model {
    /// The output of layer `index` (of `layers`), or its values before its fused activation.
    func value(ofLayer index: Int, beforeActivation: Bool = false) -> NodeValue {
        NodeValue(node: index + 1, beforeActivation: beforeActivation)
    }
}

/// A classifier's view of one forward pass: the scores of a batch (logits or probabilities) and the gradient of
/// one score per image with respect to any value of the pass. Images in a batch do not interact in inference, so
/// the gradient of the sum of their scores with respect to a layer's output holds each image's own gradient: a
/// whole batch is explained with one forward and one backward pass, at batch speed. The pass is a value: several
/// can be alive at once, and each can be walked backward several times.
struct ClassifierPass {
    let pass: ForwardPass
    /// The last layer's values before its activation, (batch, classes).
    let logits: Tensor

    var model: Model { pass.model }
    /// The model's output, (batch, classes).
    var output: Tensor { pass.output }
    var batchSize: Int { output.shape[0] }

    /// Runs `batch` through the model, keeping the values before activation of the layers in `beforeActivation`.
    init(model: Model, batch: Tensor, keepingBeforeActivation beforeActivation: Set<NodeValue> = []) {
        var keep = Set(beforeActivation.filter(\.beforeActivation).map(\.node))
        keep.insert(model.logitsValue.node)
        self.init(ForwardPass(model: model, input: batch, keepingBeforeActivation: keep))
    }

    /// Runs the model from `value` on, as if the pass had computed `values` there (Ablation-CAM switches channels
    /// off this way); what does not depend on it is taken from `base` at `rows` (one per row of `values`).
    init(replacing value: NodeValue, with values: Tensor, base: ClassifierPass, rows: [Int]) {
        let model = base.model
        var values = values
        if value.beforeActivation && value.node > 0 { model.layers[value.node - 1].activation.apply(&values) }
        self.init(ForwardPass(model: model, replacing: value.node, with: values, base: base.pass, rows: rows,
                              keepingBeforeActivation: [model.logitsValue.node]))
    }

    private init(_ pass: ForwardPass) {
        self.pass = pass
        logits = pass.value(pass.model.logitsValue)!
    }

    /// A value of the pass: the input, a layer's output or its values before its activation.
    func value(_ v: NodeValue) -> Tensor { pass.value(v)! }

    /// Each image's score for its target: the logit or the probability (the model's output).
    func scores(_ targets: [Int], kind: ScoreKind) -> [Float] {
        let values = kind == .logit ? logits : output
        let classes = values.shape[1]
        return targets.enumerated().map { image, target in values.scalars[image * classes + target] }
    }

    /// d (sign · score of image i for targets[i]) / d (each value in `values`), each of shape (batch, …) like the
    /// value; `inputValue` gives the gradient with respect to the input. One backward walk from the top down to
    /// the lowest value asked for. A `guided` walk applies Guided Backpropagation's rule at every ReLU: only
    /// positive gradients pass back, and only where the ReLU was active.
    func gradients(targets: [Int], kind: ScoreKind, sign: Float = 1, at values: Set<NodeValue>,
                   guided: Bool = false) -> [NodeValue: Tensor] {
        precondition(targets.count == batchSize, "one target per image")
        var seed = Tensor.zeros(output.shape)
        let classes = output.shape[1]
        for (image, target) in targets.enumerated() { seed.scalars[image * classes + target] = sign }
        let from = kind == .logit ? model.logitsValue : NodeValue(node: model.outputNode)
        return pass.backward(from: from, seed: seed, reading: values, rule: guided ? .guided : .standard)
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
