import Testing
import Foundation
import CamLabCore
@testable import CamLabNN

@Suite struct OptimizerTests {
    /// Adam in the paper's form (bias-corrected moments), computed in Double. Keras folds the correction into
    /// the step size, which equals the paper's form with ε scaled by √(1 − β2ᵗ).
    @Test func adamMatchesThePapersFormulation() {
        let parameter = Parameter(name: "kernel", value: Tensor([1.0, -2.0, 0.5]))
        let adam = Adam(learningRate: 0.01)
        let gradients: [[Double]] = [[0.5, -1.0, 0.0], [0.1, 2.0, -0.3], [-0.4, 0.2, 0.9]]
        var w: [Double] = [1.0, -2.0, 0.5], m = [0.0, 0, 0], v = [0.0, 0, 0]
        for (step, g) in gradients.enumerated() {
            let gradients = Gradients(for: [parameter])
            gradients.add(g.map(Float.init), to: parameter)
            adam.step([parameter], gradients: gradients)
            let t = Double(step + 1)
            for i in 0..<3 {
                m[i] = 0.9 * m[i] + 0.1 * g[i]
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i]
                let mHat: Double = m[i] / (1 - pow(0.9, t))
                let vHat: Double = v[i] / (1 - pow(0.999, t))
                let scaledEpsilon: Double = 1e-7 * (1 - pow(0.999, t)).squareRoot()
                w[i] -= 0.01 * mHat / (vHat.squareRoot() + scaledEpsilon)
            }
            for i in 0..<3 { #expect(abs(Double(parameter.value.scalars[i]) - w[i]) < 1e-6, "step \(step + 1), w[\(i)]") }
        }
        #expect(adam.iterations == 3)
    }

    @Test func adamKerasDefaults() {
        let adam = Adam()
        #expect(adam.learningRate == 0.001 && adam.beta1 == 0.9 && adam.beta2 == 0.999 && adam.epsilon == 1e-7)
    }

    @Test func sgdMomentumByHand() {
        let parameter = Parameter(name: "bias", value: Tensor([1.0]))
        let sgd = SGD(learningRate: 0.1, momentum: 0.9)
        let one = Gradients(for: [parameter])
        one.add([1.0], to: parameter)
        sgd.step([parameter], gradients: one)   // v = -0.1, w = 0.9
        sgd.step([parameter], gradients: one)   // v = -0.19, w = 0.71
        #expect(abs(parameter.value.scalars[0] - 0.71) < 1e-6)
        let nesterov = SGD(learningRate: 0.1, momentum: 0.9, nesterov: true)
        let q = Parameter(name: "bias", value: Tensor([1.0]))
        let gq = Gradients(for: [q])
        gq.add([1.0], to: q)
        nesterov.step([q], gradients: gq)                             // v = -0.1, w = 1 - 0.09 - 0.1 = 0.81
        #expect(abs(q.value.scalars[0] - 0.81) < 1e-6)
    }
}
