import CamLabCore

// Placeholder merge layers so the functional API can be built and tested before the layers branch lands.
// The integrator drops this file in favour of that branch's classes, which share these names and initializers.

/// The checks every element-wise merge makes: at least two inputs, all of one shape.
private func elementwiseShape(_ layer: any Layer, _ shapes: [[Int]]) throws -> [Int] {
    guard shapes.count >= 2 else {
        throw ModelError("\(layer.typeName) '\(layer.name)' merges at least 2 inputs, got \(shapes.count)")
    }
    if let odd = shapes.first(where: { $0 != shapes[0] }) {
        throw ModelError("\(layer.typeName) '\(layer.name)' needs inputs of one shape, got "
                         + "\(shapes[0].shapeDescription) and \(odd.shapeDescription)")
    }
    return shapes[0]
}

/// Scalars of the inputs combined position by position.
private func combine(_ inputs: [Tensor], _ body: ([Float]) -> Float) -> Tensor {
    var out = inputs[0]
    var column = [Float](repeating: 0, count: inputs.count)
    for i in out.scalars.indices {
        for k in inputs.indices { column[k] = inputs[k].scalars[i] }
        out.scalars[i] = body(column)
    }
    return out
}

/// Element-wise sum of its inputs, as Keras' `Add`.
public final class Add: Layer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "Add" }
    public var namePrefix: String { "add" }
    public private(set) var outputShape: [Int] = []
    public var inputArity: InputArity { .atLeast(2) }
    public init() {}
    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = try elementwiseShape(self, inputShapes); return outputShape
    }
    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(combine(inputs) { $0.reduce(0, +) })
    }
    public func backward(_ step: BackwardStep) -> [Tensor?] { step.inputs.map { _ in step.gradient } }
    public var configurationDescription: String { "" }
}

/// The first input minus the second, as Keras' `Subtract` (exactly two inputs).
public final class Subtract: Layer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "Subtract" }
    public var namePrefix: String { "subtract" }
    public private(set) var outputShape: [Int] = []
    public var inputArity: InputArity { .atLeast(2) }
    public init() {}
    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        guard inputShapes.count == 2 else {
            throw ModelError("Subtract '\(name)' takes exactly 2 inputs, got \(inputShapes.count)")
        }
        outputShape = try elementwiseShape(self, inputShapes); return outputShape
    }
    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(combine(inputs) { $0[0] - $0[1] })
    }
    public func backward(_ step: BackwardStep) -> [Tensor?] { [step.gradient, step.gradient.map { -$0 }] }
    public var configurationDescription: String { "" }
}

/// Element-wise product of its inputs, as Keras' `Multiply`.
public final class Multiply: Layer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "Multiply" }
    public var namePrefix: String { "multiply" }
    public private(set) var outputShape: [Int] = []
    public var inputArity: InputArity { .atLeast(2) }
    public init() {}
    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = try elementwiseShape(self, inputShapes); return outputShape
    }
    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(combine(inputs) { $0.reduce(1, *) })
    }
    /// d(Π x) / d x_k is the product of the other inputs (computed directly, so zeros are handled).
    public func backward(_ step: BackwardStep) -> [Tensor?] {
        step.inputs.indices.map { k in
            var g = step.gradient
            for i in g.scalars.indices {
                var others: Float = 1
                for j in step.inputs.indices where j != k { others *= step.inputs[j].scalars[i] }
                g.scalars[i] *= others
            }
            return g
        }
    }
    public var configurationDescription: String { "" }
}

/// Element-wise mean of its inputs, as Keras' `Average`.
public final class Average: Layer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "Average" }
    public var namePrefix: String { "average" }
    public private(set) var outputShape: [Int] = []
    public var inputArity: InputArity { .atLeast(2) }
    public init() {}
    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = try elementwiseShape(self, inputShapes); return outputShape
    }
    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        LayerOutput(combine(inputs) { $0.reduce(0, +) / Float($0.count) })
    }
    public func backward(_ step: BackwardStep) -> [Tensor?] {
        let share = step.gradient.map { $0 / Float(step.inputs.count) }
        return step.inputs.map { _ in share }
    }
    public var configurationDescription: String { "" }
}

/// Its inputs joined along one axis (of the per-example shape; -1 the last), as Keras' `Concatenate`.
public final class Concatenate: Layer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "Concatenate" }
    public var namePrefix: String { "concatenate" }
    public private(set) var outputShape: [Int] = []
    public var inputArity: InputArity { .atLeast(2) }
    public let axis: Int
    /// The axis of the batched tensors, known once built.
    private var batchAxis = 1

    public init(axis: Int = -1) { self.axis = axis }

    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        guard inputShapes.count >= 2 else {
            throw ModelError("Concatenate '\(name)' merges at least 2 inputs, got \(inputShapes.count)")
        }
        let rank = inputShapes[0].count
        // Keras counts axes of the batched tensor: axis 0 is the batch, -1 the last.
        let resolved = axis < 0 ? rank + 1 + axis : axis
        guard resolved >= 1, resolved <= rank else {
            throw ModelError("Concatenate '\(name)': axis \(axis) is out of range for inputs of shape "
                             + "\(inputShapes[0].shapeDescription)")
        }
        for shape in inputShapes.dropFirst() {
            var a = shape, b = inputShapes[0]
            guard a.count == rank else {
                throw ModelError("Concatenate '\(name)' needs inputs of one rank, got "
                                 + "\(inputShapes[0].shapeDescription) and \(shape.shapeDescription)")
            }
            a.remove(at: resolved - 1); b.remove(at: resolved - 1)
            guard a == b else {
                throw ModelError("Concatenate '\(name)' needs inputs that match except along axis \(axis), got "
                                 + "\(inputShapes[0].shapeDescription) and \(shape.shapeDescription)")
            }
        }
        batchAxis = resolved
        outputShape = inputShapes[0]
        outputShape[resolved - 1] = inputShapes.reduce(0) { $0 + $1[resolved - 1] }
        return outputShape
    }

    /// Rows before the axis (outer), and the contiguous run each input contributes per outer row.
    private func runs(_ shapes: [[Int]]) -> (outer: Int, widths: [Int]) {
        let outer = shapes[0][..<batchAxis].reduce(1, *)
        return (outer, shapes.map { $0[batchAxis...].reduce(1, *) })
    }

    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        let (outer, widths) = runs(inputs.map(\.shape))
        var scalars: [Float] = []
        scalars.reserveCapacity(outer * widths.reduce(0, +))
        for row in 0..<outer {
            for (k, width) in widths.enumerated() {
                scalars += inputs[k].scalars[(row * width)..<((row + 1) * width)]
            }
        }
        return LayerOutput(Tensor(shape: [inputs[0].shape[0]] + outputShape, scalars: scalars))
    }

    public func backward(_ step: BackwardStep) -> [Tensor?] {
        let (outer, widths) = runs(step.inputs.map(\.shape))
        var parts = step.inputs.map { Tensor.zeros($0.shape) }
        var offset = 0
        for row in 0..<outer {
            for (k, width) in widths.enumerated() {
                for j in 0..<width { parts[k].scalars[row * width + j] = step.gradient.scalars[offset + j] }
                offset += width
            }
        }
        return parts
    }

    public var configurationDescription: String { "axis: \(axis)" }
}
