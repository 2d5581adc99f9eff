#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// Updates parameters from the gradients a training step accumulated. Sorted in order of increasing complexity.
public protocol Optimizer: AnyObject {
    var learningRate: Float { get set }
    func step(_ parameters: [Parameter], gradients: Gradients)
    /// "adam(learning_rate: 0.001, …)", for printing.
    var description: String { get }
}

/// Stochastic gradient descent with optional (Nesterov) momentum, as Keras defines it:
/// v ← μ·v − lr·g;  w ← w + v  (Nesterov: w ← w + μ·v − lr·g).
public final class SGD: Optimizer {
    public var learningRate: Float
    public let momentum: Float
    public let nesterov: Bool
    private var velocity: [ObjectIdentifier: [Float]] = [:]

    public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
        self.learningRate = learningRate
        self.momentum = momentum
        self.nesterov = nesterov
    }

    public func step(_ parameters: [Parameter], gradients: Gradients) {
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

    /// The first and second moment estimates of one parameter, updated in place step after step.
    private final class Moments {
        var m: [Float]
        var v: [Float]
        init(count: Int) { (m, v) = ([Float](repeating: 0, count: count), [Float](repeating: 0, count: count)) }
    }

    public var description: String {
        "adam(learning_rate: \(formatNumber(learningRate)), beta_1: \(formatNumber(beta1)), "
            + "beta_2: \(formatNumber(beta2)), epsilon: \(formatNumber(epsilon)))"
    }
}
