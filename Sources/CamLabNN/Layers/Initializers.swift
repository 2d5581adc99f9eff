import CamLabCore

/// Keras' default kernel initializer (Glorot & Bengio 2010): uniform in ±sqrt(6 / (fan_in + fan_out)).
/// For a conv kernel [kh, kw, in, out], fan_in = kh·kw·in and fan_out = kh·kw·out, as Keras computes them.
func glorotUniform(shape: [Int], fanIn: Int, fanOut: Int, generator: inout SeededGenerator) -> Tensor {
    let limit = (6 / Float(fanIn + fanOut)).squareRoot()
    return Tensor.uniform(shape, low: -limit, high: limit, using: &generator)
}
