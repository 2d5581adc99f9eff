/// The parts of ONNX's messages (onnx/onnx.proto, IR version 3 and later) that CamLab reads, decoded from the
/// wire format; fields CamLab has no use for are skipped. Field numbers are onnx.proto's.
struct ONNXModelProto {
    var irVersion: Int64 = 0
    var producer = ""
    /// (domain, version); the default domain is "" (or "ai.onnx").
    var opsets: [(domain: String, version: Int64)] = []
    var graph: ONNXGraphProto?

    init(_ reader: ProtobufReader) throws(ProtobufError) {
        var reader = reader
        while let field = try reader.next() {
            switch field.number {
            case 1: irVersion = try field.int64()
            case 2: producer = try reader.string(field)
            case 7: graph = try ONNXGraphProto(reader.message(field))
            case 8:
                var opset = try reader.message(field)
                var domain = "", version: Int64 = 0
                while let f = try opset.next() {
                    if f.number == 1 { domain = try opset.string(f) }
                    if f.number == 2 { version = try f.int64() }
                }
                opsets.append((domain, version))
            default: break
            }
        }
    }
}

struct ONNXGraphProto {
    var name = ""
    var nodes: [ONNXNodeProto] = []
    var initializers: [ONNXTensorProto] = []
    var inputs: [ONNXValueInfo] = []
    var outputs: [ONNXValueInfo] = []
    var hasSparseInitializers = false

    init(_ reader: ProtobufReader) throws(ProtobufError) {
        var reader = reader
        while let field = try reader.next() {
            switch field.number {
            case 1: nodes.append(try ONNXNodeProto(reader.message(field)))
            case 2: name = try reader.string(field)
            case 5: initializers.append(try ONNXTensorProto(reader.message(field)))
            case 11: inputs.append(try ONNXValueInfo(reader.message(field)))
            case 12: outputs.append(try ONNXValueInfo(reader.message(field)))
            case 15: hasSparseInitializers = true
            default: break
            }
        }
    }
}

struct ONNXNodeProto {
    var inputs: [String] = []
    var outputs: [String] = []
    var name = ""
    var opType = ""
    var domain = ""
    var attributes: [ONNXAttribute] = []

    init(_ reader: ProtobufReader) throws(ProtobufError) {
        var reader = reader
        while let field = try reader.next() {
            switch field.number {
            case 1: inputs.append(try reader.string(field))
            case 2: outputs.append(try reader.string(field))
            case 3: name = try reader.string(field)
            case 4: opType = try reader.string(field)
            case 5: attributes.append(try ONNXAttribute(reader.message(field)))
            case 7: domain = try reader.string(field)
            default: break
            }
        }
    }

    func attribute(_ name: String) -> ONNXAttribute? { attributes.first { $0.name == name } }
}

struct ONNXAttribute {
    /// AttributeProto.AttributeType's numbers.
    enum Kind: Int64 {
        case undefined = 0, float = 1, int = 2, string = 3, tensor = 4, graph = 5, floats = 6, ints = 7, strings = 8,
             tensors = 9, graphs = 10, sparseTensor = 11, sparseTensors = 12, typeProto = 13, typeProtos = 14
    }

    var name = ""
    var kind = Kind.undefined
    var float: Float = 0
    var int: Int64 = 0
    var string = ""
    var tensor: ONNXTensorProto?
    var floats: [Float] = []
    var ints: [Int64] = []

    init(_ reader: ProtobufReader) throws(ProtobufError) {
        var reader = reader
        while let field = try reader.next() {
            switch field.number {
            case 1: name = try reader.string(field)
            case 2: float = try field.float()
            case 3: int = try field.int64()
            case 4: string = try reader.string(field)
            case 5: tensor = try ONNXTensorProto(reader.message(field))
            case 7: try reader.appendFloats(field, to: &floats)
            case 8: try reader.appendInt64s(field, to: &ints)
            case 20: kind = Kind(rawValue: try field.int64()) ?? .undefined
            default: break
            }
        }
    }
}

struct ONNXTensorProto {
    /// TensorProto.DataType's numbers for the types CamLab reads.
    static let float: Int64 = 1, uint8: Int64 = 2, int8: Int64 = 3, int32: Int64 = 6, int64: Int64 = 7,
               bool: Int64 = 9, double: Int64 = 11

    var name = ""
    var dims: [Int64] = []
    var dataType: Int64 = 0
    var floatData: [Float] = []
    var int32Data: [Int64] = []
    var int64Data: [Int64] = []
    var doubleData: [Double] = []
    /// Where raw_data lies in the file's bytes (not copied until the tensor is used).
    var rawData: ArraySlice<UInt8>?
    /// data_location EXTERNAL: the values are in another file.
    var isExternal = false

    init(_ reader: ProtobufReader) throws(ProtobufError) {
        var reader = reader
        while let field = try reader.next() {
            switch field.number {
            case 1: try reader.appendInt64s(field, to: &dims)
            case 2: dataType = try field.int64()
            case 4: try reader.appendFloats(field, to: &floatData)
            case 5: try reader.appendInt64s(field, to: &int32Data)
            case 7: try reader.appendInt64s(field, to: &int64Data)
            case 8: name = try reader.string(field)
            case 9: rawData = reader.bytes[try field.range()]
            case 10: try reader.appendDoubles(field, to: &doubleData)
            case 13: isExternal = true
            case 14: if try field.int64() == 1 { isExternal = true }
            default: break
            }
        }
    }
}

/// A graph input's or output's name and, for a tensor, its element type and shape (a dimension is a number or a
/// symbolic name such as "batch_size").
struct ONNXValueInfo {
    enum Dimension: Equatable {
        case value(Int64)
        case symbol(String)
    }

    var name = ""
    var elementType: Int64 = 0
    var shape: [Dimension]?

    init(_ reader: ProtobufReader) throws(ProtobufError) {
        var reader = reader
        while let field = try reader.next() {
            switch field.number {
            case 1: name = try reader.string(field)
            case 2:
                var type = try reader.message(field)
                while let t = try type.next() {
                    guard t.number == 1 else { continue }  // tensor_type; sequences and maps are not images
                    var tensor = try type.message(t)
                    while let f = try tensor.next() {
                        if f.number == 1 { elementType = try f.int64() }
                        if f.number == 2 { shape = try Self.shape(tensor.message(f)) }
                    }
                }
            default: break
            }
        }
    }

    private static func shape(_ reader: ProtobufReader) throws(ProtobufError) -> [Dimension] {
        var reader = reader, dims: [Dimension] = []
        while let field = try reader.next() {
            guard field.number == 1 else { continue }
            var dim = try reader.message(field), value = Dimension.symbol("?")
            while let f = try dim.next() {
                if f.number == 1 { value = .value(try f.int64()) }
                if f.number == 2 { value = .symbol(try dim.string(f)) }
            }
            dims.append(value)
        }
        return dims
    }
}
