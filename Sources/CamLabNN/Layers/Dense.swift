import CamLabCore

/// A fully connected layer, like Keras' `Dense`: y = activation(x · kernel + bias), kernel [in, units].
public final class Dense: ActivatedLayer {
    public var name = ""
    public let units: Int
    public let activation: Activation
    public let useBias: Bool
    public var typeName: String { "Dense" }
    public var namePrefix: String { "dense" }
    public private(set) var outputShape: [Int] = []
    public private(set) var kernel = Parameter(name: "kernel", value: Tensor.zeros([0]))
    public private(set) var bias = Parameter(name: "bias", value: Tensor.zeros([0]))
    public var parameters: [Parameter] { useBias ? [kernel, bias] : [kernel] }

    private var input = Tensor.zeros([0])
    private var output = Tensor.zeros([0])

    public init(units: Int, activation: Activation = .linear, useBias: Bool = true) throws {
        guard units > 0 else { throw ModelError("Dense needs a positive number of units, got \(units)") }
        self.units = units
        self.activation = activation
        self.useBias = useBias
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        guard inputShape.count == 1 else {
            throw ModelError("Dense '\(name)' expects flat inputs, got per-example shape "
                             + "\(inputShape.shapeDescription); add flatten() before it")
        }
        kernel = Parameter(name: "kernel", value: glorotUniform(
            shape: [inputShape[0], units], fanIn: inputShape[0], fanOut: units, generator: &generator))
        bias = Parameter(name: "bias", value: Tensor.zeros([units]))
        outputShape = [units]
        return outputShape
    }

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        var out = preActivation(input)
        activation.apply(&out)
        self.input = input
        self.output = out
        return out
    }

    /// `x · kernel + bias` for a batch: the values the activation turns into the output (the logits of a softmax
    /// classifier). Records nothing.
    public func preActivation(_ input: Tensor) -> Tensor {
        let batch = input.shape[0], features = input.shape[1], units = self.units
        var out = Tensor.zeros([batch, units])
        if useBias {
            for n in 0..<batch { for u in 0..<units { out.scalars[n * units + u] = bias.value.scalars[u] } }
        }
        input.scalars.withUnsafeBufferPointer { x in
            kernel.value.scalars.withUnsafeBufferPointer { w in
                out.scalars.withUnsafeMutableBufferPointer { y in
                    let (x, w, y) = (SharedPointer(mutating: x), SharedPointer(mutating: w), SharedPointer(y.baseAddress!))
                    // Each worker multiplies its own rows of the batch.
                    Parallel.forEachChunk(batch) { _, rows in
                        BLAS.gemm(m: rows.count, n: units, k: features, a: x.base + rows.lowerBound * features,
                                  b: w.base, beta: 1, c: y.base + rows.lowerBound * units)
                    }
                }
            }
        }
        return out
    }

    public func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor {
        var dy = outputGradient
        activation.backward(&dy, output: output)
        return backward(preActivationGradient: dy, needsInputGradient: needsInputGradient)
    }

    public func backward(preActivationGradient dy: Tensor, needsInputGradient: Bool) -> Tensor {
        let batch = input.shape[0], features = input.shape[1], units = self.units
        var dx = needsInputGradient ? Tensor(shape: input.shape) { _ in } : Tensor.zeros([0])
        input.scalars.withUnsafeBufferPointer { x in
        dy.scalars.withUnsafeBufferPointer { g in
        kernel.gradient.scalars.withUnsafeMutableBufferPointer { dw in
        kernel.value.scalars.withUnsafeBufferPointer { w in
        dx.scalars.withUnsafeMutableBufferPointer { d in
            let (x, g, dw, w) = (SharedPointer(mutating: x), SharedPointer(mutating: g), SharedPointer(dw.baseAddress!),
                                 SharedPointer(mutating: w))
            // dW += xᵀ · dY, each worker its own rows of dW (features): no partial sums to add up.
            Parallel.forEachChunk(features, minimumChunk: 64) { _, rows in
                BLAS.gemm(transposeA: true, m: rows.count, n: units, k: batch, a: x.base + rows.lowerBound,
                          lda: features, b: g.base, beta: 1, c: dw.base + rows.lowerBound * units)
            }
            if needsInputGradient {
                let d = SharedPointer(d.baseAddress!)
                // dX = dY · Wᵀ, each worker its own rows of the batch.
                Parallel.forEachChunk(batch) { _, rows in
                    BLAS.gemm(transposeB: true, m: rows.count, n: features, k: units,
                              a: g.base + rows.lowerBound * units, b: w.base, c: d.base + rows.lowerBound * features)
                }
            }
        } } } } }
        if useBias {
            for n in 0..<batch { for u in 0..<units { bias.gradient.scalars[u] += dy.scalars[n * units + u] } }
        }
        return dx
    }

    public var configurationDescription: String { "units: \(units), activation: \(activation.rawValue)" }
}
