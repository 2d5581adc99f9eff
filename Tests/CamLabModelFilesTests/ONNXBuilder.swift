/// Writes small ONNX models in protobuf's wire format, for tests of what no exporter writes on purpose (options
/// CamLab refuses, damaged structure). Field numbers are onnx.proto's, as ONNXMessages reads them.
struct ProtobufWriter {
    var bytes: [UInt8] = []

    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    mutating func int(_ field: Int, _ value: Int64) {
        varint(UInt64(field << 3))
        varint(UInt64(bitPattern: value))
    }

    mutating func float(_ field: Int, _ value: Float) {
        varint(UInt64(field << 3 | 5))
        let bits = value.bitPattern
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt32(i)))) }
    }

    mutating func data(_ field: Int, _ value: [UInt8]) {
        varint(UInt64(field << 3 | 2))
        varint(UInt64(value.count))
        bytes += value
    }

    mutating func string(_ field: Int, _ value: String) { data(field, Array(value.utf8)) }

    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        build(&inner)
        data(field, inner.bytes)
    }
}

/// One node of a test graph.
struct TestNode {
    var op: String
    var name: String
    var inputs: [String]
    var outputs: [String]
    var ints: [String: [Int64]] = [:]
    var int: [String: Int64] = [:]
    var strings: [String: String] = [:]
}

enum ONNXBuilder {
    /// A model whose single input "x" is [batch, C, H, W] (or [batch, F]) and whose output is "y".
    static func model(inputShape: [Int64], nodes: [TestNode], initializers: [(String, [Int], [Float])] = [],
                      opset: Int64 = 17, output: String = "y") -> [UInt8] {
        var w = ProtobufWriter()
        w.int(1, 8)
        w.string(2, "test")
        w.message(7) { graph in
            for node in nodes {
                graph.message(1) { n in
                    for i in node.inputs { n.string(1, i) }
                    for o in node.outputs { n.string(2, o) }
                    n.string(3, node.name)
                    n.string(4, node.op)
                    for (name, values) in node.ints.sorted(by: { $0.key < $1.key }) {
                        n.message(5) { a in a.string(1, name); for v in values { a.int(8, v) }; a.int(20, 7) }
                    }
                    for (name, value) in node.int.sorted(by: { $0.key < $1.key }) {
                        n.message(5) { a in a.string(1, name); a.int(3, value); a.int(20, 2) }
                    }
                    for (name, value) in node.strings.sorted(by: { $0.key < $1.key }) {
                        n.message(5) { a in a.string(1, name); a.string(4, value); a.int(20, 3) }
                    }
                }
            }
            graph.string(2, "test_graph")
            for (name, dims, values) in initializers {
                graph.message(5) { t in
                    for d in dims { t.int(1, Int64(d)) }
                    t.int(2, 1)
                    for v in values { t.float(4, v) }
                    t.string(8, name)
                }
            }
            graph.message(11) { info in valueInfo(&info, "x", [-1] + inputShape) }
            graph.message(12) { info in valueInfo(&info, output, [-1]) }
        }
        w.message(8) { o in o.string(1, ""); o.int(2, opset) }
        return w.bytes
    }

    /// A dimension is a number, or the symbol "batch" for -1.
    private static func valueInfo(_ w: inout ProtobufWriter, _ name: String, _ dims: [Int64]) {
        w.string(1, name)
        w.message(2) { type in
            type.message(1) { tensor in
                tensor.int(1, 1)
                tensor.message(2) { shape in
                    for d in dims {
                        shape.message(1) { dim in if d >= 0 { dim.int(1, d) } else { dim.string(2, "batch") } }
                    }
                }
            }
        }
    }
}
