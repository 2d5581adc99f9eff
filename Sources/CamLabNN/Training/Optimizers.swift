#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// Updates parameters from the gradients a training step accumulated. Sorted in order of increasing complexity.
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    /// The steps taken so far (Keras' `optimizer.iterations`).
    var iterations: Int { get }
    /// What the optimizer keeps for each parameter, in Keras' order: Adam's "m" and "v", SGD's "momentum" (none
    /// without momentum).
    var slotNames: [String] { get }
    func step(_ parameters: [Parameter], gradients: Gradients)
    /// The step count and each parameter's slots (zeros for a parameter not stepped yet), in `parameters` order.
    func state(of parameters: [Parameter]) -> OptimizerState
    /// Takes up `state` for `parameters`, which it must fit (one slot list per parameter, `slotNames.count`
    /// slots each, of the parameter's size); the caller checks.
    func restore(_ state: OptimizerState, of parameters: [Parameter])
    /// "adam(learning_rate: 0.001, …)", for printing.
    var description: String { get }
}

/// An optimizer's state as Keras saves it: the step count and, per parameter, its slots in `slotNames` order.
public struct OptimizerState: Equatable, Sendable {
    public var iterations: Int
    public var slots: [[[Float]]]
    public init(iterations: Int, slots: [[[Float]]]) {
        self.iterations = iterations
        self.slots = slots
    }
}

/// Stochastic gradient descent with optional (Nesterov) momentum, as Keras defines it:
/// v ← μ·v − lr·g;  w ← w + v  (Nesterov: w ← w + μ·v − lr·g).
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let nesterov: Bool
    public private(set) var iterations = 0
    private var velocity: [ObjectIdentifier: [Float]] = [:]

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public var slotNames: [String] { momentum == 0 ? [] : ["momentum"] }

    public func step(_ parameters: [Parameter], gradients: Gradients) {
        iterations += 1
        for parameter in parameters {
            let g = gradients[parameter].scalars
            if momentum == 0 {
                for i in g.indices { parameter.value.scalars[i] -= learningRate * g[i] }
                continue
            }
            var v = velocity[ObjectIdentifier(parameter)] ?? [Float](repeating: 0, count: g.count)
            for i in g.indices {
                v[i] = momentum * v[i] - learningRate * g[i]
                parameter.value.scalars[i] += nesterov ? momentum * v[i] - learningRate * g[i] : v[i]
            }
            velocity[ObjectIdentifier(parameter)] = v
        }
    }

    public func state(of parameters: [Parameter]) -> OptimizerState {
        OptimizerState(iterations: iterations, slots: parameters.map { parameter in
            momentum == 0 ? [] : [velocity[ObjectIdentifier(parameter)] ?? [Float](repeating: 0, count: parameter.value.count)]
        })
    }

    public func restore(_ state: OptimizerState, of parameters: [Parameter]) {
        iterations = state.iterations
        velocity = [:]
        for (parameter, slots) in zip(parameters, state.slots) where momentum != 0 {
            velocity[ObjectIdentifier(parameter)] = slots[0]
        }
    }

    public var description: String {
        "sgd(learning_rate: \(formatNumber(learningRate)), momentum: \(formatNumber(momentum)), nesterov: \(nesterov))"
    }
}

/// Adam (Kingma & Ba 2015) exactly as Keras implements it, defaults included (lr 0.001, β1 0.9, β2 0.999,
/// ε 1e-7): the bias correction is folded into the step size, and ε is added to √v before correction:
/// m ← m + (g − m)(1 − β1);  v ← v + (g² − v)(1 − β2);  w ← w − lr·√(1 − β2ᵗ)/(1 − β1ᵗ) · m / (√v + ε).
public final class Adam: Optimizer {
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float
    public private(set) var iterations = 0
    private var moments: [ObjectIdentifier: Moments] = [:]

    public var slotNames: [String] { ["m", "v"] }

    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public func step(_ parameters: [Parameter], gradients: Gradients) {
        iterations += 1
        let t = Float(iterations)
        let alpha = learningRate * (1 - powf(beta2, t)).squareRoot() / (1 - powf(beta1, t))
        for parameter in parameters {
            let key = ObjectIdentifier(parameter)
            let state = moments[key] ?? Moments(count: parameter.value.count)
            moments[key] = state
            AdamKernel.update(&parameter.value.scalars, gradient: gradients[parameter].scalars, m: &state.m,
                              v: &state.v, alpha: alpha, beta1: beta1, beta2: beta2, epsilon: epsilon)
        }
    }

    public func state(of parameters: [Parameter]) -> OptimizerState {
        OptimizerState(iterations: iterations, slots: parameters.map { parameter in
            let state = moments[ObjectIdentifier(parameter)] ?? Moments(count: parameter.value.count)
            return [state.m, state.v]
        })
    }

    public func restore(_ state: OptimizerState, of parameters: [Parameter]) {
        iterations = state.iterations
        moments = [:]
        for (parameter, slots) in zip(parameters, state.slots) {
            moments[ObjectIdentifier(parameter)] = Moments(m: slots[0], v: slots[1])
        }
    }

    /// The first and second moment estimates of one parameter, updated in place step after step.
    private final class Moments {
        var m: [Float]
        var v: [Float]
        init(count: Int) { (m, v) = ([Float](repeating: 0, count: count), [Float](repeating: 0, count: count)) }
        init(m: [Float], v: [Float]) { (self.m, self.v) = (m, v) }
    }

    public var description: String {
        "adam(learning_rate: \(formatNumber(learningRate)), beta_1: \(formatNumber(beta1)), "
            + "beta_2: \(formatNumber(beta2)), epsilon: \(formatNumber(epsilon)))"
    }
}
