import CamLabCore

/// A weight of a layer. Trainable weights (kernels, biases, batch normalization's gamma and beta) are updated by
/// the optimizer from gradients a backward pass computes; the others (batch normalization's moving statistics)
/// change only through a pass's state updates.
public final class Parameter {
    /// The Keras name of the weight within its layer: "kernel", "bias", "gamma", "moving_mean", ….
    public let name: String
    public var value: Tensor
    /// False for statistics that no gradient reaches.
    public let isTrainable: Bool

    public init(name: String, value: Tensor, isTrainable: Bool = true) {
        self.name = name
        self.value = value
        self.isTrainable = isTrainable
    }
}

/// One stage of a model: its weights and settings, nothing of any particular call. Shapes exclude the batch axis;
/// data flows as NHWC batches.
///
/// `forward` returns the output and what `backward` will need (a `LayerMemo`); the engine keeps both in the
/// `ForwardPass`, so two passes through the same layer never interfere. `backward` takes d score / d output and
/// returns d score / d each input, adding the weights' gradients into a `Gradients` when one is given.
public protocol Layer: AnyObject {
    /// The model-unique name, Keras style: `conv2d`, `conv2d_1`, `dense`, …
    var name: String { get set }
    /// The Keras class name shown in summaries: "Conv2D", "Dense", …
    var typeName: String { get }
    /// The prefix Keras names layers of this type with: "conv2d", "dense", "max_pooling2d", …
    var namePrefix: String { get }
    /// The per-example output shape, known once `build` ran.
    var outputShape: [Int] { get }
    /// Every weight, trainable or not, in Keras' order.
    var parameters: [Parameter] { get }
    /// False freezes the layer: `fit` leaves its weights alone (and a frozen batch normalization runs in
    /// inference mode, as in Keras).
    var trainable: Bool { get set }
    /// The activation the layer applies to its own output (Conv2D and Dense fuse one); `.linear` otherwise.
    var activation: Activation { get }
    /// How many inputs the layer takes: one for most, two or more for merges.
    var inputArity: InputArity { get }
    /// True when one example's output depends on the other examples of the batch (batch normalization while
    /// training): such a batch must go forward as one pass.
    func couplesExamples(training: Bool) -> Bool
    /// True when the layer can apply a ReLU to its output in its own loop (`LayerCall.thenReLU`), and that ReLU's
    /// derivative in its backward step (`BackwardStep.throughFoldedReLU`), so that training and inference fold a
    /// ReLU layer that alone reads it into it, saving passes over memory and a tensor each way.
    var fusesFollowingReLU: Bool { get }
    /// True when the layer can fold a per-channel affine map of its output (`LayerCall.channelAffine`), and a ReLU
    /// after it (`LayerCall.thenReLU`), into its own weights: inference folds a batch normalization into it so.
    var absorbsChannelAffine: Bool { get }
    /// True when the layer can return its output's per-channel sums (`LayerCall.summingChannels`), computed while
    /// the output is in cache, so that a batch normalization reading it need not read it once more for them.
    var sumsOutputChannels: Bool { get }
    /// True when the layer's backward step can take its output gradient as a recipe (`BackwardStep.recipe`) and
    /// form it a group of examples at a time where it reads it, so the layer above need not write it out.
    var formsOwnOutputGradient: Bool { get }
    /// What the layer's backward step reads of its forward call: a training pass keeps no more, and drops each value
    /// once no step is left to read it. A step is handed empty tensors for what this leaves out.
    var backwardReads: BackwardReads { get }

    /// Checks the per-example input shapes, creates the weights (unless they exist) and returns the output shape.
    func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int]
    /// How many weights `build` would create for these input shapes (0 when they do not fit), so a model too large
    /// to allocate is refused before anything is allocated.
    func weightCount(inputShapes: [[Int]]) -> Double
    func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput
    func backward(_ step: BackwardStep) -> [Tensor?]
    /// The layer's settings as Keras would print them, for `summary` and `help`.
    var configurationDescription: String { get }
}

/// The parts of a layer's forward call its backward step reads besides the gradient.
public struct BackwardReads: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// The inputs' values (their shapes are always there, in `BackwardStep.inputShapes`).
    public static let inputs = BackwardReads(rawValue: 1)
    public static let output = BackwardReads(rawValue: 2)
    /// The `LayerMemo` the forward call returned.
    public static let memo = BackwardReads(rawValue: 4)
    /// The safe default: a layer that does not say keeps everything of its calls.
    public static let everything: BackwardReads = [.inputs, .output, .memo]
}

extension Tensor {
    /// What a backward step is handed in place of a value its layer does not read (`backwardReads`).
    static let unread = Tensor.zeros([0])
}

/// How many inputs a layer takes.
public enum InputArity: Sendable, Equatable {
    case one
    case atLeast(Int)
}

/// How a layer is called within a pass.
public struct LayerCall {
    /// Training mode (dropout drops, batch normalization uses the batch's statistics), as Keras' `training=`.
    public let training: Bool
    /// False asks a layer with a fused activation for its values before that activation: the engine applies it,
    /// keeping both.
    public let applyActivation: Bool
    /// The pass's random stream (dropout's masks).
    public let random: RandomStream
    /// Apply a ReLU to the output as well: the engine folded the ReLU layer that alone reads this one into it
    /// (only asked of layers whose `fusesFollowingReLU` is true, and whose backward step does not read its output).
    public var thenReLU = false
    /// False when no backward step will read the memo (`ForwardPass(…, keeping: .nothing)`, or a layer whose
    /// `backwardReads` leaves it out): the layer may skip what only its memo holds (max pooling's winners).
    public var keepsMemo = true
    /// Apply y·scale + shift per channel (then the ReLU when `thenReLU`): the engine folded the inference-mode
    /// batch normalization that alone reads this layer into it (only asked of layers whose `absorbsChannelAffine`).
    public var channelAffine: ChannelAffine?
    /// Return the output's per-channel sums in `LayerOutput.channelSums` (only asked of layers whose
    /// `sumsOutputChannels`): a batch normalization that alone reads the output takes its statistics from them.
    public var summingChannels = false
    /// The per-channel sums of the input, when the layer below computed them (`summingChannels`).
    public var inputChannelSums: ChannelSums?
}

/// y·scale[c] + shift[c] for each channel c of the last axis.
public struct ChannelAffine {
    public let scale: [Float]
    public let shift: [Float]
}

/// A layer that takes its input's per-channel sums (`LayerCall.inputChannelSums`) for its batch statistics when
/// the layer below computed them.
public protocol ReadsInputChannelSums: Layer {}

/// A layer that is a fixed per-channel affine map when it does not couple examples (batch normalization in
/// inference mode).
public protocol InferenceChannelAffine: Layer {
    var inferenceChannelAffine: ChannelAffine { get }
}

/// A random stream shared by the layers of one pass, so a run repeats exactly from the model's seed.
public final class RandomStream {
    public var generator: SeededGenerator
    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }
}

/// What one layer computed in a pass.
public struct LayerOutput {
    public var output: Tensor
    /// What the layer's backward step needs beyond its inputs and output (pooling's winners, a dropout mask, …).
    public var memo: (any LayerMemo)?
    /// Non-trainable weights the pass moves (batch normalization's moving statistics), applied when training
    /// commits the pass.
    public var updates: [StateUpdate]
    /// The output's per-channel sums, when the call asked for them (`LayerCall.summingChannels`).
    public var channelSums: ChannelSums?

    public init(_ output: Tensor, memo: (any LayerMemo)? = nil, updates: [StateUpdate] = []) {
        self.output = output
        self.memo = memo
        self.updates = updates
    }
}

/// A layer's record of one forward call, for its backward step.
public protocol LayerMemo {}

/// A new value for a non-trainable weight.
public struct StateUpdate {
    public let parameter: Parameter
    public let value: Tensor
}

/// What a layer's backward step receives.
public struct BackwardStep {
    /// The gradient as the layer above left it: a tensor, or a recipe to form (only for layers whose
    /// `formsOwnOutputGradient`).
    enum Upstream {
        case tensor(Tensor)
        case recipe(ChannelGradient)
    }
    let upstream: Upstream
    /// d score / d output, or d score / d the values before the fused activation when `isPreActivation`; formed
    /// from the recipe (each time it is read) when the layer above left one.
    public var gradient: Tensor {
        switch upstream {
        case .tensor(let gradient): gradient
        case .recipe(let recipe): recipe.formed()
        }
    }
    public var recipe: ChannelGradient? { if case .recipe(let recipe) = upstream { recipe } else { nil } }
    public let isPreActivation: Bool
    /// The inputs' values; empty tensors unless the layer's `backwardReads` has `.inputs`.
    public let inputs: [Tensor]
    public let inputShapes: [[Int]]
    /// Empty unless the layer's `backwardReads` has `.output`.
    public let output: Tensor
    /// Nil unless the layer's `backwardReads` has `.memo`.
    public let memo: (any LayerMemo)?
    /// False when no one reads the input gradients: the layer may return nil for them.
    public let needsInputGradients: Bool
    /// Where the trainable weights' gradients go; nil when no one reads them (explanations).
    public let parameterGradients: Gradients?
    public let training: Bool
    /// True when `gradient` is d score / d the output of the ReLU this layer applied in its own loop
    /// (`LayerCall.thenReLU`): the layer applies that ReLU's derivative itself (only layers that fuse a ReLU).
    public var throughFoldedReLU = false
}

/// A layer whose input gradient can be left as a recipe for the layer below to form (batch normalization: a
/// per-channel affine map of its output gradient and input).
public protocol LeavesInputGradientAsRecipe: UnaryLayer {
    /// The backward step, with the input gradient as a recipe (nil when `step` needs none).
    func inputGradientRecipe(_ step: BackwardStep, input: Tensor) -> ChannelGradient?
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public func weightCount(inputShapes: [[Int]]) -> Double { 0 }
    public var activation: Activation { .linear }
    public var inputArity: InputArity { .one }
    public func couplesExamples(training: Bool) -> Bool { false }
    public var fusesFollowingReLU: Bool { false }
    public var absorbsChannelAffine: Bool { false }
    public var sumsOutputChannels: Bool { false }
    public var formsOwnOutputGradient: Bool { false }
    public var backwardReads: BackwardReads { .everything }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
    /// The weights `fit` updates: none when the layer is frozen.
    public var trainableParameters: [Parameter] { trainable ? parameters.filter(\.isTrainable) : [] }
}

/// A layer of one input: the common case, spelled without the lists.
public protocol UnaryLayer: Layer {
    func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int]
    func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput
    func backward(_ step: BackwardStep, input: Tensor) -> Tensor?
}

extension UnaryLayer {
    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        guard inputShapes.count == 1 else {
            throw Problem("\(typeName) '\(name)' takes one input, got \(inputShapes.count)")
        }
        return try build(inputShape: inputShapes[0], generator: &generator)
    }
    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput { forward(inputs[0], call) }
    public func backward(_ step: BackwardStep) -> [Tensor?] { [backward(step, input: step.inputs[0])] }
}

extension Layer {
    /// Runs the layer alone on one batch, outside any model (tests, benchmarks): its output (before its fused
    /// activation unless `applyingActivation`) and memo.
    public func run(_ inputs: [Tensor], training: Bool = false, applyingActivation: Bool = true,
                    random: RandomStream = RandomStream(seed: 0)) -> LayerOutput {
        forward(inputs, LayerCall(training: training, applyActivation: applyingActivation, random: random))
    }

    /// The layer's backward step after `run` gave `result` for `inputs`: d score / d each input from
    /// d score / d output, adding weight gradients into `parameterGradients` when given.
    public func runBackward(_ gradient: Tensor, inputs: [Tensor], result: LayerOutput,
                            parameterGradients: Gradients? = nil, needsInputGradients: Bool = true,
                            training: Bool = false) -> [Tensor?] {
        // Handed only what the layer says it reads, as in a pass: a layer that reads more fails its tests here.
        let reads = backwardReads
        return backward(BackwardStep(
            upstream: .tensor(gradient), isPreActivation: false,
            inputs: reads.contains(.inputs) ? inputs : inputs.map { _ in .unread }, inputShapes: inputs.map(\.shape),
            output: reads.contains(.output) ? result.output : .unread, memo: reads.contains(.memo) ? result.memo : nil,
            needsInputGradients: needsInputGradients, parameterGradients: parameterGradients, training: training))
    }
}
