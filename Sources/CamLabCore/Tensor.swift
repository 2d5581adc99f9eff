/// An n-dimensional array of `Float`, stored row-major. Images are NHWC (batch, height, width, channels),
/// the layout Keras uses, so weights and arrays move between CamLab and Keras without transposes.
///
/// `Tensor` has value semantics: its storage is a Swift array, copied only when a shared copy is mutated.
public struct Tensor: Sendable, Equatable {
    /// The extent of each axis; `[]` for a scalar.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.product`.
    public var scalars: [Float]

    /// Wraps `scalars` in a tensor of the given shape. The counts must agree: a mismatch is a programming
    /// error here; code that handles user input validates with `Tensor.validated(shape:scalars:)`.
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        precondition(shape.elementCount == scalars.count,
                     "Tensor shape \(shape) needs \(shape.elementCount) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
    }

    /// A tensor of the given shape with every element equal to `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.elementCount))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// A rank-0 tensor holding one number.
    public init(scalar: Float) { self.init(shape: [], scalars: [scalar]) }

    /// A rank-1 tensor of the given values.
    public init(_ values: [Float]) { self.init(shape: [values.count], scalars: values) }

    /// Builds a tensor from user-supplied data, reporting a count mismatch as an error instead of trapping.
    public static func validated(shape: [Int], scalars: [Float]) throws -> Tensor {
        if let bad = shape.first(where: { $0 < 0 }) {
            throw Problem("shape \(shape.shapeDescription) has a negative dimension \(bad)")
        }
        guard shape.elementCount == scalars.count else {
            throw Problem("shape \(shape.shapeDescription) needs \(shape.elementCount) elements, "
                              + "but \(scalars.count) were given")
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    public var rank: Int { shape.count }
    public var count: Int { scalars.count }

    /// The single element of a tensor holding exactly one, whatever its rank.
    public var scalarValue: Float? { scalars.count == 1 ? scalars[0] : nil }

    /// Replaces the shape without touching the elements; the element count must stay the same.
    mutating func setShapeUnchecked(_ newShape: [Int]) {
        precondition(newShape.elementCount == scalars.count)
        shape = newShape
    }
}

extension Tensor: CustomStringConvertible {
    /// A short, NumPy-like rendering: full for small tensors, elided in the middle for large ones.
    public var description: String { TensorFormatter().format(self) }
}

extension Array where Element == Int {
    /// The number of elements a tensor of this shape holds (1 for the scalar shape `[]`).
    public var elementCount: Int { reduce(1, *) }

    /// `elementCount`, or nil when the product does not fit in an Int (a shape no tensor can have).
    public var checkedElementCount: Int? {
        var product = 1
        for extent in self {
            let (next, overflow) = product.multipliedReportingOverflow(by: extent)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// `(60000, 28, 28, 1)`, the way Python users read shapes.
    public var shapeDescription: String {
        count == 1 ? "(\(self[0]),)" : "(" + map(String.init).joined(separator: ", ") + ")"
    }

    /// Row-major strides for this shape.
    public var rowMajorStrides: [Int] {
        var strides = [Int](repeating: 1, count: count)
        var stride = 1
        for axis in indices.reversed() {
            strides[axis] = stride
            stride *= self[axis]
        }
        return strides
    }
}

extension Tensor {
    /// A tensor whose elements `initializer` writes, without zero-filling first — for kernels that overwrite
    /// every element anyway. `initializer` must initialise the whole buffer.
    public init(shape: [Int], unsafeUninitialized initializer: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = shape.elementCount
        self.init(shape: shape, scalars: [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            initializer(buffer)
            initialized = count
        })
    }
}
