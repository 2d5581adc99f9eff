import CamLabCore
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
    var inputs = given ?? inputShapes.map { Tensor.uniform([batch] + $0, low: -1, high: 1, using: &generator) }
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
    func relativeError(_ analytic: Float, _ numeric: Double) -> Float {
        Float(abs(Double(analytic) - numeric) / max(1, abs(numeric)))
    }
    var worst: Float = 0
    for k in inputs.indices {
        for i in inputs[k].scalars.indices {
            let saved = inputs[k].scalars[i]
            inputs[k].scalars[i] = saved + step; let plus = objective(inputs)
            inputs[k].scalars[i] = saved - step; let minus = objective(inputs)
            inputs[k].scalars[i] = saved
            worst = max(worst, relativeError(dx[k]!.scalars[i], (plus - minus) / Double(2 * step)))
        }
    }
    for parameter in trainable {
        for i in parameter.value.scalars.indices {
            let saved = parameter.value.scalars[i]
            parameter.value.scalars[i] = saved + step; let plus = objective(inputs)
            parameter.value.scalars[i] = saved - step; let minus = objective(inputs)
            parameter.value.scalars[i] = saved
            worst = max(worst, relativeError(gradients[parameter].scalars[i], (plus - minus) / Double(2 * step)))
        }
    }
    return worst
}

/// `maxGradientError` for a layer of one input.
func maxGradientError(of layer: any Layer, inputShape: [Int], batch: Int = 2, seed: UInt64 = 7,
                      step: Float = 1e-2, training: Bool = false, input: Tensor? = nil) throws -> Float {
    try maxGradientError(of: layer, inputShapes: [inputShape], batch: batch, seed: seed, step: step,
                         training: training, inputs: input.map { [$0] })
}
