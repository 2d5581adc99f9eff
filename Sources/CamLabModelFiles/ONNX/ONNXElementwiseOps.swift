import CamLabCore
import CamLabNN

/// The ops that act element by element or along channels: activations, Softmax, arithmetic and Concat.
extension ONNXImporter {
    func elementwiseActivation(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        let x = try activation(node, 0)
        let layer: any Layer
        switch node.opType {
        case "Relu": layer = ActivationLayer(.relu)
        case "Sigmoid": layer = ActivationLayer(.sigmoid)
        case "Tanh": layer = ActivationLayer(.tanh)
        case "LeakyRelu":
            let alpha = try floatAttribute(node, "alpha", default: 0.01)
            layer = try make(node) { try LeakyReLU(negativeSlope: alpha) }
        default:
            layer = try clip(node)
        }
        let id = try add(layer, for: node, inputs: [x.node])
        return .computed(ONNXActivation(node: id, shape: x.shape, order: x.order))
    }

    /// Clip(0, m) is a ReLU capped at m (ReLU6 for m = 6); other bounds are not a CamLab layer.
    private func clip(_ node: ONNXNodeProto) throws(Problem) -> any Layer {
        func bound(_ index: Int, _ role: String) throws(Problem) -> Float? {
            guard let c = try constant(node, index, role) else { return nil }
            guard c.count == 1 else { throw fail(node, "has a \(role) of shape \(c.dims); a single value is expected") }
            return c.asFloats[0]
        }
        let low = try bound(1, "min"), high = try bound(2, "max")
        guard low == 0, high.map({ $0 > 0 }) ?? true else {
            let text = "[\(low.map { "\($0)" } ?? "-inf"), \(high.map { "\($0)" } ?? "inf")]"
            throw fail(node, "clips to \(text); CamLab supports Clip with min 0 and a positive or no max (a ReLU "
                       + "such as ReLU6)")
        }
        return try make(node) { try ReLU(maxValue: high) }
    }

    func softmax(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        let x = try activation(node, 0)
        let rank = x.shape.count + 1
        var axis = try intAttribute(node, "axis", default: -1)
        if axis < 0 { axis += Int64(rank) }
        // CamLab's softmax runs along its last axis: ONNX's channel axis of an image, or of flat features.
        let alongChannels = axis == 1 && (x.order == .channelsLast || x.shape.dropFirst().allSatisfy { $0 == 1 })
        guard alongChannels || (x.shape.count == 1 && axis == 1) else {
            throw fail(node, "has axis \(axis) for values of rank \(rank); CamLab supports a softmax over the "
                       + "channels (axis 1)")
        }
        let id = try add(Softmax(), for: node, inputs: [x.node])
        return .computed(ONNXActivation(node: id, shape: x.shape, order: x.order))
    }

    /// Add, Sub, Mul and Div: of two computed values of one shape a merge layer (Div has none), of a computed value
    /// and a constant that is one value or one per channel a `Rescaling`.
    func arithmetic(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        guard node.inputs.count == 2 else { throw fail(node, "has \(node.inputs.count) inputs; 2 are expected") }
        switch (try value(node, 0), try value(node, 1)) {
        case let (.computed(a), .computed(b)):
            guard a.shape == b.shape, a.order == b.order else {
                throw fail(node, "combines values of shapes \(a.shape) and \(b.shape) per example; CamLab combines "
                           + "values of one shape")
            }
            let layer: any Layer
            switch node.opType {
            case "Add": layer = Add()
            case "Sub": layer = Subtract()
            case "Mul": layer = Multiply()
            default:
                throw fail(node, "divides two computed values; CamLab divides only by constants")
            }
            let id = try add(layer, for: node, inputs: [a.node, b.node])
            return .computed(ONNXActivation(node: id, shape: a.shape, order: a.order))
        case let (.computed(x), .constant(c)):
            return try rescaling(node, x, c, constantFirst: false)
        case let (.constant(c), .computed(x)):
            return try rescaling(node, x, c, constantFirst: true)
        case (.constant, .constant):
            preconditionFailure("constant arithmetic is folded")
        }
    }

    private func rescaling(_ node: ONNXNodeProto, _ x: ONNXActivation, _ c: ONNXConstant,
                           constantFirst: Bool) throws(Problem) -> ONNXValue {
        let full = [1] + x.shape
        guard c.dims.count <= full.count, broadcastShape(full, c.dims) == full else {
            throw fail(node, "combines values of shape \(x.shape) per example with a constant of shape \(c.dims); "
                       + "the constant must broadcast to the values without enlarging them")
        }
        // The constant spread over one example, in CamLab's order; it must repeat along all axes but the last.
        let spread = broadcastIndices(from: c.dims, to: full).map { c.asFloats[$0] }
        let ordered = x.onnxPositions.map { spread[$0] }
        let channels = shapes[x.node].last ?? 1
        let perChannel = Array(ordered.prefix(channels))
        let uniform = stride(from: 0, to: ordered.count, by: channels).allSatisfy { start in
            ordered[start..<start + channels].elementsEqual(perChannel)
        }
        guard uniform else {
            throw fail(node, "combines values of shape \(x.shape) per example with a constant of shape \(c.dims) "
                       + "that varies across pixels; CamLab supports constants that are one value or one per channel")
        }
        let v = perChannel.allSatisfy { $0 == perChannel[0] } ? [perChannel[0]] : perChannel
        let scales: [Float], offsets: [Float]
        switch (node.opType, constantFirst) {
        case ("Add", _): (scales, offsets) = ([1], v)
        case ("Sub", false): (scales, offsets) = ([1], v.map { -$0 })
        case ("Sub", true): (scales, offsets) = ([-1], v)
        case ("Mul", _): (scales, offsets) = (v, [0])
        case ("Div", false):
            guard v.allSatisfy({ $0 != 0 }) else { throw fail(node, "divides by a constant holding 0") }
            (scales, offsets) = (v.map { 1 / $0 }, [0])
        default:
            throw fail(node, "divides a constant by computed values; CamLab divides only by constants")
        }
        let id = try add(Rescaling(scales: scales, offsets: offsets), for: node, inputs: [x.node])
        return .computed(ONNXActivation(node: id, shape: x.shape, order: x.order))
    }

    func concatenate(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        var inputs: [ONNXActivation] = []
        for index in node.inputs.indices { inputs.append(try activation(node, index)) }
        let first = inputs[0], rank = first.shape.count + 1
        var axis = try intAttribute(node, "axis", default: 1)
        if axis < 0 { axis += Int64(rank) }
        let channelAxis = axis == 1 && (first.order == .channelsLast || first.shape.count == 1)
        let alike = inputs.allSatisfy { $0.order == first.order && $0.shape.dropFirst() == first.shape.dropFirst() }
        guard channelAxis, alike,
              first.order == .channelsLast || first.order == .same else {
            throw fail(node, "joins values of shapes \(inputs.map(\.shape)) along axis \(axis); CamLab joins images "
                       + "along their channels or flat features along axis 1")
        }
        let id = try add(Concatenate(), for: node, inputs: inputs.map(\.node))
        let channels = inputs.reduce(0) { $0 + $1.shape[0] }
        return .computed(ONNXActivation(node: id, shape: [channels] + first.shape.dropFirst(), order: first.order))
    }
}
