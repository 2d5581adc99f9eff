import CamLabCore
@testable import CamLabNN

/// Compares a layer's analytic gradients with central finite differences of L = Σ forward(x) ⊙ G for a fixed
/// random G, for the input and for every parameter. Returns the largest relative error found.
func maxGradientError(of layer: any Layer, inputShape: [Int], batch: Int = 2, seed: UInt64 = 7,
                      step: Float = 1e-2, training: Bool = false,
                      input: Tensor? = nil) throws -> Float {
    var generator = SeededGenerator(seed: seed)
    _ = try layer.build(inputShape: inputShape, generator: &generator)
    // Small random biases so that bias gradients and kinks are exercised.
    for parameter in layer.parameters where parameter.name == "bias" {
        parameter.value = Tensor.uniform(parameter.value.shape, low: -0.5, high: 0.5, using: &generator)
    }
    var x = input ?? Tensor.uniform([batch] + inputShape, low: -1, high: 1, using: &generator)
    let y = layer.forward(x, training: training)
    let upstream = Tensor.uniform(y.shape, low: -1, high: 1, using: &generator)
    for parameter in layer.parameters { parameter.zeroGradient() }
    let dx = layer.backward(upstream)

    func objective(_ input: Tensor) -> Double {
        let out = layer.forward(input, training: training)
        return zip(out.scalars, upstream.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    func relativeError(_ analytic: Float, _ numeric: Double) -> Float {
        Float(abs(Double(analytic) - numeric) / max(1, abs(numeric)))
    }
    var worst: Float = 0
    for i in x.scalars.indices {
        let saved = x.scalars[i]
        x.scalars[i] = saved + step; let plus = objective(x)
        x.scalars[i] = saved - step; let minus = objective(x)
        x.scalars[i] = saved
        worst = max(worst, relativeError(dx.scalars[i], (plus - minus) / Double(2 * step)))
    }
    for parameter in layer.parameters {
        for i in parameter.value.scalars.indices {
            let saved = parameter.value.scalars[i]
            parameter.value.scalars[i] = saved + step; let plus = objective(x)
            parameter.value.scalars[i] = saved - step; let minus = objective(x)
            parameter.value.scalars[i] = saved
            worst = max(worst, relativeError(parameter.gradient.scalars[i], (plus - minus) / Double(2 * step)))
        }
    }
    return worst
}
