import CamLabCore

/// What `Add`, `Subtract`, `Multiply` and `Average` share: inputs of one shape in, an output of that shape out, no
/// weights. A subclass names itself and defines the element-wise operation with its gradient; this class alone is
/// no layer (its passes stop with a precondition failure).
public class ElementwiseMerge: MergeLayer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "ElementwiseMerge" }
    public var namePrefix: String { "elementwise_merge" }
    public private(set) var outputShape: [Int] = []

    /// Required so that a copy of a layer (`type(of: merge).init()`) is the same operation.
    public required init() {}

    public func build(inputShapes: [[Int]], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = try commonShape(inputShapes)
        return outputShape
    }

    public func forward(_ inputs: [Tensor], _ call: LayerCall) -> LayerOutput {
        preconditionFailure("\(typeName) does not define its forward pass")
    }

    public func backward(_ step: BackwardStep) -> [Tensor?] {
        preconditionFailure("\(typeName) does not define its backward pass")
    }
}
