import CamLabCore
import CamLabTestSupport
@testable import CamLabNN

/// Compares a layer's analytic gradients with central finite differences of L = Σ forward(x) ⊙ G for a fixed
/// random G, for every input and every trainable parameter. Returns the largest relative error found. Each
/// evaluation draws from the same random stream, so a dropout layer keeps its mask.
func maxGradientError(of layer: any Layer, inputShapes: [[Int]], batch: Int = 2, seed: UInt64 = 7,
                      step: Float = 1e-2, training: Bool = false, inputs given: [Tensor]? = nil) throws -> Float {
    var generator = SeededGenerator(seed: seed)
    _ = try layer.build(inputShapes: inputShapes, generator: &generator)
    // Small random biases (and offsets) so that bias gradients and kinks are exercised.
    for parameter in layer.parameters where ["bias", "beta"].contains(parameter.name) {
        parameter.value = Tensor.uniform(parameter.value.shape, low: -0.5, high: 0.5, using: &generator)
    }
    let inputs = given ?? inputShapes.map { Tensor.uniform([batch] + $0, low: -1, high: 1, using: &generator) }
    func run(_ inputs: [Tensor]) -> LayerOutput { layer.run(inputs, training: training, random: RandomStream(seed: 3)) }
    let result = run(inputs)
    let upstream = Tensor.uniform(result.output.shape, low: -1, high: 1, using: &generator)
    let trainable = layer.parameters.filter(\.isTrainable)
    let gradients = Gradients(for: trainable)
    let dx = layer.runBackward(upstream, inputs: inputs, result: result, parameterGradients: gradients,
                               training: training)

    func objective(_ inputs: [Tensor]) -> Double {
        zip(run(inputs).output.scalars, upstream.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    func worstError(_ analytic: Tensor, _ numeric: [Double]) -> Float {
        zip(analytic.scalars, numeric).map { Float(abs(Double($0) - $1) / max(1, abs($1))) }.max() ?? 0
    }
    var worst: Float = 0
    for k in inputs.indices {
        let numeric = finiteDifferences(at: inputs[k], step: step) { probe in
            var probed = inputs
            probed[k] = probe
            return objective(probed)
        }
        worst = max(worst, worstError(dx[k]!, numeric))
    }
    for parameter in trainable {
        worst = max(worst, worstError(gradients[parameter], finiteDifferences(of: parameter, step: step) { objective(inputs) }))
    }
    return worst
}

/// `maxGradientError` for a layer of one input.
func maxGradientError(of layer: any Layer, inputShape: [Int], batch: Int = 2, seed: UInt64 = 7,
                      step: Float = 1e-2, training: Bool = false, input: Tensor? = nil) throws -> Float {
    try maxGradientError(of: layer, inputShapes: [inputShape], batch: batch, seed: seed, step: step,
                         training: training, inputs: input.map { [$0] })
}

/// Central finite differences of `f` with respect to each of the parameter's values; the values are restored.
func finiteDifferences(of parameter: Parameter, step: Float = 1e-2, _ f: () -> Double) -> [Double] {
    let saved = parameter.value
    defer { parameter.value = saved }
    return finiteDifferences(at: saved, step: step) { probe in
        parameter.value = probe
        return f()
    }
}
