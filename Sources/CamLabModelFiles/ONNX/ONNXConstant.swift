import CamLabCore
/// A value known when the file is read: an initializer, a Constant node's value, or a computation on such values
/// folded at import — the Shape → Gather → Unsqueeze → Concat chain a dynamic batch size adds ends here, its batch
/// entry kept as `batch` until a Reshape reads it.
struct ONNXConstant {
    /// Stands for the batch size, unknown until a batch arrives.
    static let batch = Int64.min

    var dims: [Int]
    /// The values of a float tensor (in ONNX's row-major order); empty for an integer one.
    var floats: [Float]
    /// The values of an integer (or boolean) tensor; empty for a float one.
    var integers: [Int64]
    let isInteger: Bool

    init(dims: [Int], floats: [Float]) {
        (self.dims, self.floats, integers, isInteger) = (dims, floats, [], false)
    }

    init(dims: [Int], integers: [Int64]) {
        (self.dims, floats, self.integers, isInteger) = (dims, [], integers, true)
    }

    var count: Int { isInteger ? integers.count : floats.count }

    /// Every value as a float (an integer tensor's converted).
    var asFloats: [Float] { isInteger ? integers.map { Float($0) } : floats }

    /// The values as whole numbers, for axes, shapes and indices; nil when a float is not whole.
    var asIntegers: [Int64]? {
        if isInteger { return integers }
        var values: [Int64] = []
        for v in floats {
            guard v.isFinite, v == v.rounded(), abs(v) < 1e15 else { return nil }
            values.append(Int64(v))
        }
        return values
    }

    /// The same values in other dims (of the same count).
    func reshaped(_ dims: [Int]) -> ONNXConstant {
        var copy = self
        copy.dims = dims
        return copy
    }

    /// The values at flat positions `indices`, in dims `dims`.
    func picking(_ indices: [Int], dims: [Int]) -> ONNXConstant {
        isInteger ? ONNXConstant(dims: dims, integers: indices.map { integers[$0] })
                  : ONNXConstant(dims: dims, floats: indices.map { floats[$0] })
    }
}

extension ONNXConstant {
    /// Decodes an initializer or a Constant's tensor, checking that its data holds exactly its dims' values.
    init(_ tensor: ONNXTensorProto, what: String) throws(Problem) {
        guard !tensor.isExternal else {
            throw Problem("\(what) keeps its values in an external file; CamLab reads models whose weights are "
                            + "inside the .onnx file (onnx.load then onnx.save without save_as_external_data)")
        }
        var count = 1
        for d in tensor.dims {
            guard d >= 0, d < Int64(Int32.max) else { throw Problem("\(what) has a dimension of \(d)") }
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(d))
            guard !overflow, product < 1 << 40 else { throw Problem("\(what) declares too many values") }
            count = product
        }
        let dims = tensor.dims.map { Int($0) }
        func checked(_ n: Int) throws(Problem) {
            guard n == count else {
                throw Problem("\(what) holds \(n) values, but its shape \(dims) needs \(count)")
            }
        }
        let type = tensor.dataType
        if let raw = tensor.rawData {
            let width: Int
            switch type {
            case ONNXTensorProto.float, ONNXTensorProto.int32: width = 4
            case ONNXTensorProto.int64, ONNXTensorProto.double: width = 8
            case ONNXTensorProto.uint8, ONNXTensorProto.int8, ONNXTensorProto.bool: width = 1
            default: throw Self.unsupportedType(type, what)
            }
            guard raw.count % width == 0 else {
                throw Problem("\(what) has \(raw.count) bytes of data, not a whole number of \(width)-byte values")
            }
            try checked(raw.count / width)
            switch type {
            case ONNXTensorProto.float:
                #if _endian(little)
                self.init(dims: dims, floats: Self.copied(raw, as: Float.self))
                #else
                self.init(dims: dims, floats: Self.littleEndian(raw, as: UInt32.self).map { Float(bitPattern: $0) })
                #endif
            case ONNXTensorProto.double:
                let words = Self.littleEndian(raw, as: UInt64.self)
                self.init(dims: dims, floats: words.map { Float(Double(bitPattern: $0)) })
            case ONNXTensorProto.int64:
                self.init(dims: dims, integers: Self.littleEndian(raw, as: Int64.self))
            case ONNXTensorProto.int32:
                self.init(dims: dims, integers: Self.littleEndian(raw, as: Int32.self).map { Int64($0) })
            case ONNXTensorProto.int8:
                self.init(dims: dims, integers: raw.map { Int64(Int8(bitPattern: $0)) })
            default:
                self.init(dims: dims, integers: raw.map { Int64($0) })
            }
            return
        }
        switch type {
        case ONNXTensorProto.float:
            try checked(tensor.floatData.count)
            self.init(dims: dims, floats: tensor.floatData)
        case ONNXTensorProto.double:
            try checked(tensor.doubleData.count)
            self.init(dims: dims, floats: tensor.doubleData.map { Float($0) })
        case ONNXTensorProto.int64:
            try checked(tensor.int64Data.count)
            self.init(dims: dims, integers: tensor.int64Data)
        case ONNXTensorProto.int32, ONNXTensorProto.int8, ONNXTensorProto.uint8, ONNXTensorProto.bool:
            try checked(tensor.int32Data.count)
            self.init(dims: dims, integers: tensor.int32Data)
        default:
            throw Self.unsupportedType(type, what)
        }
    }

    /// raw_data as little-endian values (ONNX's byte order): one block copy, then a byte swap only on a
    /// big-endian machine. Weights are most of a model file, so this is most of the time a load takes.
    private static func littleEndian<T: FixedWidthInteger & BitwiseCopyable>(_ raw: ArraySlice<UInt8>, as: T.Type) -> [T] {
        #if _endian(little)
        return copied(raw, as: T.self)
        #else
        return copied(raw, as: T.self).map { T(littleEndian: $0) }
        #endif
    }

    /// The bytes as values of type T, as they lie in memory.
    private static func copied<T: BitwiseCopyable>(_ raw: ArraySlice<UInt8>, as: T.Type) -> [T] {
        let count = raw.count / MemoryLayout<T>.size
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            raw.withUnsafeBytes { source in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: source.prefix(count * MemoryLayout<T>.size)))
            }
            initialized = count
        }
    }

    private static func unsupportedType(_ type: Int64, _ what: String) -> Problem {
        let names: [Int64: String] = [0: "undefined", 4: "uint16", 5: "int16", 8: "string", 10: "float16",
                                      12: "uint32", 13: "uint64", 14: "complex64", 15: "complex128", 16: "bfloat16"]
        return Problem("\(what) has element type \(names[type] ?? "number \(type)"); CamLab reads float32, "
                         + "float64, int64, int32, int8, uint8 and bool tensors")
    }
}

/// Row-major strides of `dims`.
func rowMajorStrides(_ dims: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: dims.count)
    for i in stride(from: dims.count - 2, through: 0, by: -1) { strides[i] = strides[i + 1] * dims[i + 1] }
    return strides
}

/// NumPy's broadcast of two shapes, or nil when they do not broadcast.
func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = max(a.count, b.count)
    let a = [Int](repeating: 1, count: rank - a.count) + a, b = [Int](repeating: 1, count: rank - b.count) + b
    var shape: [Int] = []
    for (x, y) in zip(a, b) {
        guard x == y || x == 1 || y == 1 else { return nil }
        shape.append(x == 1 ? y : x)
    }
    return shape
}

/// For each position of `target`, the flat position in a tensor of `dims` that broadcasts to it.
func broadcastIndices(from dims: [Int], to target: [Int]) -> [Int] {
    let padded = [Int](repeating: 1, count: target.count - dims.count) + dims
    let sourceStrides = rowMajorStrides(padded), targetStrides = rowMajorStrides(target)
    let count = target.reduce(1, *)
    return (0..<count).map { flat in
        var source = 0
        for axis in target.indices where padded[axis] != 1 {
            source += (flat / targetStrides[axis] % target[axis]) * sourceStrides[axis]
        }
        return source
    }
}
