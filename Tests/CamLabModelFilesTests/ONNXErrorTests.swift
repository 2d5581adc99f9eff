import Testing
import CamLabCore
import CamLabModelFiles

/// What CamLab cannot represent is an error naming the node and what CamLab supports; nothing is half-loaded.
@Suite struct ProblemTests {
    func message(_ bytes: [UInt8], _ source: String = "m.onnx") -> String {
        do {
            _ = try ONNXModel.decode(bytes, source: source)
            return "loaded"
        } catch { return error.message }
    }

    func fixtureMessage(_ name: String) throws -> String { message(try ONNXFixture.bytes(name), "\(name).onnx") }

    /// A 3-channel 8×8 input through one node `node` reading "x" (and constants "w", "c") into "y".
    func oneNode(_ node: TestNode, opset: Int64 = 17, extra: [(String, [Int], [Float])] = []) -> String {
        let weights = [("w", [2, 3, 3, 3], [Float](repeating: 0.1, count: 54))] + extra
        return message(ONNXBuilder.model(inputShape: [3, 8, 8], nodes: [node], initializers: weights, opset: opset))
    }

    @Test func exportedModelsCamLabCannotRepresent() throws {
        #expect(try fixtureMessage("bad_groups") == "bad_groups.onnx: node '/conv/Conv' (Conv) has group 2; CamLab "
                + "supports Conv with group 1 (no grouped or depthwise convolutions)")
        #expect(try fixtureMessage("bad_op") == "bad_op.onnx: node '/Abs' (Abs) is not an op CamLab reads; it reads "
                + "Add, AveragePool, BatchNormalization, Cast, Clip, Concat, Constant, Conv, Div, Dropout, Flatten, "
                + "Gather, Gemm, GlobalAveragePool, GlobalMaxPool, Identity, LeakyRelu, MatMul, MaxPool, Mul, Pad, "
                + "Relu, Reshape, Shape, Sigmoid, Softmax, Squeeze, Sub, Tanh, Transpose, Unsqueeze")
        #expect(try fixtureMessage("bad_inputs") == "bad_inputs.onnx: the graph has 2 inputs ('input', 'second'); "
                + "CamLab models take one input")
    }

    @Test func optionsCamLabCannotRepresent() {
        let conv = TestNode(op: "Conv", name: "c1", inputs: ["x", "w"], outputs: ["y"])
        var lower = conv
        lower.strings["auto_pad"] = "SAME_LOWER"
        #expect(oneNode(lower) == "m.onnx: node 'c1' (Conv) has auto_pad SAME_LOWER; CamLab supports NOTSET "
                + "(explicit pads), VALID and SAME_UPPER")
        var wide = conv
        wide.ints["pads"] = [3, 0, 0, 0]
        #expect(oneNode(wide) == "m.onnx: node 'c1' (Conv) cannot be built: Conv2D 'c1': padding ((3, 0), (0, 0)) "
                + "must be at least 0 and smaller than the 3x3 window on each side")
        var both = conv
        (both.ints["strides"], both.ints["dilations"]) = ([2, 2], [2, 2])
        #expect(oneNode(both) == "m.onnx: node 'c1' (Conv) cannot become a CamLab layer: Conv2D cannot combine "
                + "strides (2, 2) with dilation_rate (2, 2); set one of them to 1")
        let clip = TestNode(op: "Clip", name: "clip", inputs: ["x", "lo", "hi"], outputs: ["y"])
        #expect(oneNode(clip, extra: [("lo", [], [-1]), ("hi", [], [1])]) == "m.onnx: node 'clip' (Clip) clips to "
                + "[-1.0, 1.0]; CamLab supports Clip with min 0 and a positive or no max (a ReLU such as ReLU6)")
        let mul = TestNode(op: "Mul", name: "scale", inputs: ["x", "m"], outputs: ["y"])
        #expect(oneNode(mul, extra: [("m", [1, 1, 8, 1], (0..<8).map(Float.init))]) == "m.onnx: node 'scale' (Mul) "
                + "combines values of shape [3, 8, 8] per example with a constant of shape [1, 1, 8, 1] that varies "
                + "across pixels; CamLab supports constants that are one value or one per channel")
        #expect(oneNode(conv, opset: 9) == "m.onnx: the model uses opset 9; CamLab reads opsets 13 to 18 (export "
                + "with torch.onnx.export(…, opset_version=17))")
    }

    @Test func shapesAndOutputsCamLabCannotFold() {
        // A Reshape whose shape is computed from the pictures' values, not from their shape.
        let reshape = TestNode(op: "Reshape", name: "r", inputs: ["x", "x"], outputs: ["y"])
        #expect(oneNode(reshape) == "m.onnx: node 'r' (Reshape) computes its shape from the model's input; CamLab "
                + "needs it constant (an initializer)")
        let toImage = TestNode(op: "Reshape", name: "r", inputs: ["x", "s"], outputs: ["y"])
        #expect(oneNode(toImage, extra: [("s", [4], [-1, 3, 4, 16])]) == "m.onnx: node 'r' (Reshape) reshapes values "
                + "of shape [3, 8, 8] per example to [3, 4, 16]; CamLab supports a Reshape that flattens each "
                + "example, (batch, -1)")
        var pool = TestNode(op: "MaxPool", name: "p", inputs: ["x"], outputs: ["y", "indices"])
        pool.ints["kernel_shape"] = [2, 2]
        let readsIndices = TestNode(op: "Identity", name: "i", inputs: ["indices"], outputs: ["z"])
        #expect(message(ONNXBuilder.model(inputShape: [3, 8, 8], nodes: [pool, readsIndices], output: "z"))
                == "m.onnx: node 'p' (MaxPool) has its output 'indices' read; CamLab computes only a MaxPool's "
                + "first output")
        let flatten = TestNode(op: "Flatten", name: "f", inputs: ["x"], outputs: ["y"])
        #expect(oneNode(flatten) == "m.onnx: the graph's output 'y' is a flattening of images; CamLab flattens them "
                + "in (height, width, channels) order, so its outputs would be PyTorch's in another order. CamLab "
                + "loads models that end in a Gemm, MatMul, pooling or an image")
        let unknown = TestNode(op: "Relu", name: "relu", inputs: ["nowhere"], outputs: ["y"])
        #expect(oneNode(unknown) == "m.onnx: node 'relu' (Relu) reads 'nowhere', which no earlier node or "
                + "initializer produces")
        let identity = TestNode(op: "Identity", name: "i", inputs: ["x"], outputs: ["y"])
        #expect(oneNode(identity) == "m.onnx: the graph's output 'y' is its input; there is no layer to load")
        #expect(message(ONNXBuilder.model(inputShape: [3, 8], nodes: [identity]))
                == "m.onnx: input 'x' has shape (batch, 3, 8); CamLab takes images (batch, channels, height, width) "
                + "or features (batch, features)")
    }

    @Test func filesThatAreNotONNXModels() {
        // 'h' opens field 13 as a number, 'l' a group (wire type 4), which ONNX never writes.
        #expect(message(Array("hello, world".utf8)) == "m.onnx: not a readable ONNX file (damaged protobuf: field 13 "
                + "at byte 2 has wire type 4, which ONNX does not use)")
        var graphless = ProtobufWriter()
        graphless.int(1, 8)
        #expect(message(graphless.bytes) == "m.onnx: the file has no graph: it is not an ONNX model")
        var lying = ProtobufWriter()
        lying.varint(7 << 3 | 2)
        lying.varint(1 << 40)
        #expect(message(lying.bytes) == "m.onnx: not a readable ONNX file (damaged protobuf: field 7 at byte 0 "
                + "declares 1099511627776 bytes, but only 0 remain)")

    }
}
