import CamLabCore

/// What the merge layers (the `ElementwiseMerge`s and `Concatenate`) share: they read two or more inputs and
/// keep no weights.
public protocol MergeLayer: Layer {}

extension MergeLayer {
    public var inputArity: InputArity { .atLeast(2) }
    public var configurationDescription: String { "" }

    /// The one shape of `shapes`, or an error naming the first two that differ.
    func commonShape(_ shapes: [[Int]]) throws -> [Int] {
        guard shapes.count >= 2 else {
            throw Problem("\(typeName) '\(name)' merges at least 2 inputs, got \(shapes.count)")
        }
        if let other = shapes.first(where: { $0 != shapes[0] }) {
            throw Problem("\(typeName) '\(name)' needs inputs of one shape, got \(shapes[0].shapeDescription) "
                             + "and \(other.shapeDescription)")
        }
        return shapes[0]
    }
}
