import CamLabCore
import CamLabNN

/// Turns a decoded ONNX graph into a CamLab model, node by node in the graph's (topological) order: constants
/// and shape computations fold, every other node becomes a CamLab layer named by the node. Layouts change once,
/// here: NCHW activations become NHWC, OIHW kernels HWIO, and the rows of a Gemm after a Flatten are permuted to
/// CamLab's flattening order. Every unsupported node is an error; the model is made only when all of them went.
final class ONNXImporter {
    static let supportedOps = [
        "Add", "AveragePool", "BatchNormalization", "Cast", "Clip", "Concat", "Constant", "Conv", "Div", "Dropout",
        "Flatten", "Gather", "Gemm", "GlobalAveragePool", "GlobalMaxPool", "Identity", "LeakyRelu", "MatMul",
        "MaxPool", "Mul", "Pad", "Relu", "Reshape", "Shape", "Sigmoid", "Softmax", "Squeeze", "Sub", "Tanh", "Transpose",
        "Unsqueeze",
    ]
    static let opsets: ClosedRange<Int64> = 13...18

    let graph: ONNXGraphProto
    var values: [String: ONNXValue] = [:]
    var layers: [(layer: any Layer, inputs: [Int])] = []
    /// CamLab per-example shapes by node (0 the input).
    var shapes: [[Int]] = []
    var aliases: [String: String] = [:]
    /// The batch size when the input's first axis is a fixed number (a model exported without a dynamic axis).
    var staticBatch: Int64?
    var generator = SeededGenerator(seed: 0)
    let budget: MemoryBudget

    init(model: ONNXModelProto, budget: MemoryBudget) throws(Problem) {
        guard let graph = model.graph else { throw Problem("the file has no graph: it is not an ONNX model") }
        self.graph = graph
        self.budget = budget
        let defaultOpsets = model.opsets.filter { $0.domain == "" || $0.domain == "ai.onnx" }
        guard let opset = defaultOpsets.first?.version else {
            throw Problem("the model declares no opset of the standard ONNX domain; it is not a model CamLab reads")
        }
        guard Self.opsets.contains(opset) else {
            throw Problem("the model uses opset \(opset); CamLab reads opsets \(Self.opsets.lowerBound) to "
                            + "\(Self.opsets.upperBound) (export with torch.onnx.export(…, opset_version=17))")
        }
    }

    func makeModel() throws(Problem) -> Model {
        guard !graph.hasSparseInitializers else {
            throw Problem("the graph has sparse initializers; CamLab reads dense weights only")
        }
        for tensor in graph.initializers {
            values[tensor.name] = .constant(try ONNXConstant(tensor, what: "initializer '\(tensor.name)'"))
        }
        let input = try graphInput()
        for node in graph.nodes { try convert(node) }
        let output = try graphOutput()
        return try assemble(input: input, output: output)
    }

    // MARK: the graph's ends

    /// The one input that is not an initializer: [N, C, H, W] images or [N, F] features, N free or fixed.
    private func graphInput() throws(Problem) -> String {
        let inputs = graph.inputs.filter { info in !graph.initializers.contains { $0.name == info.name } }
        guard inputs.count == 1 else {
            let names = inputs.map { "'\($0.name)'" }.joined(separator: ", ")
            throw Problem("the graph has \(inputs.count) inputs (\(names)); CamLab models take one input")
        }
        let input = inputs[0]
        guard input.elementType == ONNXTensorProto.float else {
            throw Problem("input '\(input.name)' has element type \(input.elementType); CamLab takes float32 inputs")
        }
        guard let dims = input.shape, dims.count == 4 || dims.count == 2 else {
            throw Problem("input '\(input.name)' has shape \(describe(input.shape)); CamLab takes images "
                            + "(batch, channels, height, width) or features (batch, features)")
        }
        if case .value(let n) = dims[0] { staticBatch = n }
        var shape: [Int] = [], count = 1
        for dim in dims.dropFirst() {
            guard case .value(let v) = dim, v > 0, v < 1 << 24, count * Int(v) < 1 << 40 else {
                throw Problem("input '\(input.name)' has shape \(describe(input.shape)); CamLab needs fixed "
                                + "positive sizes for every axis but the batch")
            }
            shape.append(Int(v))
            count *= Int(v)
        }
        do {
            try budget.check(bytes: Double(count) * 4, for: "one example of input '\(input.name)'")
        } catch { throw Problem(error.description) }
        let activation = shape.count == 3
            ? ONNXActivation(node: 0, shape: shape, order: .channelsLast)
            : ONNXActivation(node: 0, shape: shape, order: .same)
        shapes = [shape.count == 3 ? [shape[1], shape[2], shape[0]] : shape]
        values[input.name] = .computed(activation)
        return input.name
    }

    private func describe(_ shape: [ONNXValueInfo.Dimension]?) -> String {
        guard let shape else { return "unknown" }
        return "(" + shape.map { dim in
            switch dim {
            case .value(let v): "\(v)"
            case .symbol(let s): s.isEmpty ? "?" : s
            }
        }.joined(separator: ", ") + ")"
    }

    private func graphOutput() throws(Problem) -> ONNXActivation {
        guard graph.outputs.count == 1 else {
            let names = graph.outputs.map { "'\($0.name)'" }.joined(separator: ", ")
            throw Problem("the graph has \(graph.outputs.count) outputs (\(names)); CamLab models have one output")
        }
        let name = graph.outputs[0].name
        switch values[name] {
        case .computed(let activation) where activation.node > 0:
            if case .flattenedChannelsLast = activation.order {
                throw Problem("the graph's output '\(name)' is a flattening of images; CamLab flattens them in "
                                + "(height, width, channels) order, so its outputs would be PyTorch's in another "
                                + "order. CamLab loads models that end in a Gemm, MatMul, pooling or an image")
            }
            return activation
        case .computed: throw Problem("the graph's output '\(name)' is its input; there is no layer to load")
        case .constant: throw Problem("the graph's output '\(name)' is a constant, not computed from the input")
        case nil: throw Problem("the graph's output '\(name)' is not produced by any node")
        }
    }

    /// The model of the layers the output depends on (a branch leading nowhere is dropped), numbered anew.
    private func assemble(input: String, output: ONNXActivation) throws(Problem) -> Model {
        var needed = Set([output.node]), queue = [output.node]
        while let node = queue.popLast() {
            guard node > 0 else { continue }
            for source in layers[node - 1].inputs where needed.insert(source).inserted { queue.append(source) }
        }
        var renumbered = [0: 0], nodes: [(layer: any Layer, inputs: [Int])] = []
        for (index, entry) in layers.enumerated() where needed.contains(index + 1) {
            nodes.append((entry.layer, entry.inputs.map { renumbered[$0]! }))
            renumbered[index + 1] = nodes.count
        }
        let model: Model
        do {
            model = try Model(inputShape: shapes[0], nodes: nodes, name: graph.name.isEmpty ? "onnx_model" : graph.name)
        } catch { throw Problem("\(error)") }
        model.inputName = input
        let names = Set(nodes.map(\.layer.name))
        model.layerAliases = aliases.filter { !names.contains($0.key) && names.contains($0.value) }
        return model
    }

    // MARK: nodes

    private func convert(_ node: ONNXNodeProto) throws(Problem) {
        guard node.domain.isEmpty || node.domain == "ai.onnx" else {
            throw fail(node, "is in domain '\(node.domain)'; CamLab reads the standard ONNX ops: "
                       + Self.supportedOps.joined(separator: ", "))
        }
        for name in node.inputs where !name.isEmpty && values[name] == nil {
            throw fail(node, "reads '\(name)', which no earlier node or initializer produces")
        }
        guard !node.outputs.isEmpty else { throw fail(node, "has no output") }
        let produced = try outputs(of: node)
        for (name, value) in zip(node.outputs, produced) where !name.isEmpty { values[name] = value }
        // Names the node answers to: its own and its outputs', mapped to the layer it made or passes on.
        if case .computed(let activation) = produced[0], activation.node > 0 {
            let layerName = layers[activation.node - 1].layer.name
            for name in [node.name] + node.outputs where !name.isEmpty && name != layerName { aliases[name] = layerName }
        }
    }

    /// The values of the node's outputs (the first, unless the op has more that the graph may read).
    private func outputs(of node: ONNXNodeProto) throws(Problem) -> [ONNXValue] {
        let allConstant = node.inputs.filter { !$0.isEmpty }.allSatisfy { name in
            if case .constant = values[name]! { true } else { false }
        }
        if allConstant, node.opType != "Constant" {
            return [.constant(try fold(node))]
        }
        switch node.opType {
        case "Conv": return [try convolution(node)]
        case "MaxPool", "AveragePool": return [try pooling(node)]
        case "GlobalAveragePool", "GlobalMaxPool": return [try globalPooling(node)]
        case "BatchNormalization": return [try batchNormalization(node)]
        case "Relu", "Sigmoid", "Tanh", "LeakyRelu", "Clip": return [try elementwiseActivation(node)]
        case "Softmax": return [try softmax(node)]
        case "Gemm", "MatMul": return [try dense(node)]
        case "Add", "Sub", "Mul", "Div": return [try arithmetic(node)]
        case "Concat": return [try concatenate(node)]
        case "Flatten": return [try flatten(node, axis: try intAttribute(node, "axis", default: 1))]
        case "Reshape": return [try reshape(node)]
        case "Transpose": return [try transpose(node)]
        case "Identity", "Dropout":
            try onlyFirstOutput(node)
            return [.computed(try activation(node, 0))]
        case "Cast":
            guard try intAttribute(node, "to", default: 1) == ONNXTensorProto.float else {
                throw fail(node, "casts the image's values to another type; CamLab computes in float32")
            }
            return [.computed(try activation(node, 0))]
        case "Pad": return [try pad(node)]
        case "Shape": return [.constant(try shapeOf(node))]
        case "Constant": return [.constant(try constantNode(node))]
        case "Gather", "Unsqueeze", "Squeeze":
            throw fail(node, "applies to the image's values; CamLab folds \(node.opType) only on constants and shapes")
        default:
            throw fail(node, "is not an op CamLab reads; it reads " + Self.supportedOps.joined(separator: ", "))
        }
    }

    // MARK: helpers for the ops

    /// The product of sizes read from the file, or nil when it is not a size CamLab could hold.
    func product(_ sizes: [Int64]) -> Int? {
        var result: Int64 = 1
        for size in sizes {
            guard size >= 0 else { return nil }
            let (p, overflow) = result.multipliedReportingOverflow(by: size)
            guard !overflow, p <= Int64(budget.elements) else { return nil }
            result = p
        }
        return Int(result)
    }

    /// The value named by the node's `index`-th input.
    func value(_ node: ONNXNodeProto, _ index: Int) throws(Problem) -> ONNXValue {
        guard index < node.inputs.count, let value = values[node.inputs[index]] else {
            throw fail(node, "lacks its input \(index + 1)")
        }
        return value
    }

    /// An error about a node, named as onnx and Netron show it.
    func fail(_ node: ONNXNodeProto, _ message: String) -> Problem {
        let name = node.name.isEmpty ? (node.outputs.first ?? "?") : node.name
        return Problem("node '\(name)' (\(node.opType)) \(message)")
    }

    /// The node's `index`-th input as values a layer computes.
    func activation(_ node: ONNXNodeProto, _ index: Int) throws(Problem) -> ONNXActivation {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else {
            throw fail(node, "lacks its input \(index + 1)")
        }
        switch values[node.inputs[index]]! {
        case .computed(let activation): return activation
        case .constant:
            throw fail(node, "reads the constant '\(node.inputs[index])' where CamLab expects values computed from the "
                       + "model's input")
        }
    }

    /// The node's `index`-th input as a constant, or nil when the input is absent (an optional one left out).
    func constant(_ node: ONNXNodeProto, _ index: Int, _ role: String) throws(Problem) -> ONNXConstant? {
        guard index < node.inputs.count, !node.inputs[index].isEmpty else { return nil }
        switch values[node.inputs[index]]! {
        case .constant(let constant): return constant
        case .computed:
            throw fail(node, "computes its \(role) from the model's input; CamLab needs it constant (an initializer)")
        }
    }

    func requiredConstant(_ node: ONNXNodeProto, _ index: Int, _ role: String) throws(Problem) -> ONNXConstant {
        guard let c = try constant(node, index, role) else { throw fail(node, "lacks its \(role)") }
        return c
    }

    func intAttribute(_ node: ONNXNodeProto, _ name: String, default value: Int64) throws(Problem) -> Int64 {
        guard let attribute = node.attribute(name) else { return value }
        guard attribute.kind == .int || attribute.kind == .undefined else {
            throw fail(node, "has attribute \(name) of the wrong kind (an integer is expected)")
        }
        return attribute.int
    }

    func floatAttribute(_ node: ONNXNodeProto, _ name: String, default value: Float) throws(Problem) -> Float {
        guard let attribute = node.attribute(name) else { return value }
        guard attribute.kind == .float || attribute.kind == .undefined else {
            throw fail(node, "has attribute \(name) of the wrong kind (a float is expected)")
        }
        return attribute.float
    }

    func intsAttribute(_ node: ONNXNodeProto, _ name: String) throws(Problem) -> [Int64]? {
        guard let attribute = node.attribute(name) else { return nil }
        guard attribute.kind == .ints || attribute.kind == .undefined else {
            throw fail(node, "has attribute \(name) of the wrong kind (a list of integers is expected)")
        }
        return attribute.ints
    }

    /// Refuses a node whose second and later outputs (a mask, pooling indices, batch statistics) the graph uses.
    func onlyFirstOutput(_ node: ONNXNodeProto) throws(Problem) {
        if let extra = node.outputs.dropFirst().first(where: { !$0.isEmpty }),
           graph.nodes.contains(where: { $0.inputs.contains(extra) })
            || graph.outputs.contains(where: { $0.name == extra }) {
            throw fail(node, "has its output '\(extra)' read; CamLab computes only a \(node.opType)'s first output")
        }
    }

    /// Adds a layer named after the node, builds it on its inputs' shapes and returns its node number.
    func add(_ layer: any Layer, for node: ONNXNodeProto, inputs: [Int]) throws(Problem) -> Int {
        var name = node.name.isEmpty ? node.outputs[0] : node.name
        if name.isEmpty { name = "\(node.opType)_\(layers.count)" }
        let taken = Set(layers.map(\.layer.name))
        if taken.contains(name) {
            var n = 1
            while taken.contains("\(name)_\(n)") { n += 1 }
            name = "\(name)_\(n)"
        }
        layer.name = name
        do {
            let weights = layer.weightCount(inputShapes: inputs.map { shapes[$0] })
            try budget.check(bytes: weights * 4, for: "the weights of \(layer.typeName) '\(name)'")
            let shape = try layer.build(inputShapes: inputs.map { shapes[$0] }, generator: &generator)
            try budget.check(bytes: Double(shape.reduce(1, *)) * 4, for: "one example's output of '\(name)'")
            shapes.append(shape)
        } catch let error as Problem {
            throw fail(node, "cannot be built: \(error.message)")
        } catch {
            throw Problem("\(error)")
        }
        layers.append((layer, inputs))
        return layers.count
    }

    /// Runs a CamLab layer initializer, turning its refusal into an error about the node.
    func make<L>(_ node: ONNXNodeProto, _ body: () throws -> L) throws(Problem) -> L {
        do { return try body() } catch let error as Problem {
            throw fail(node, "cannot become a CamLab layer: \(error.message)")
        } catch {
            throw fail(node, "\(error)")
        }
    }
}
