import CamLabCore
import CamLabNN

/// Flatten, Reshape, Pad and Transpose of computed values; Shape and Constant, which make constants.
extension ONNXImporter {
    /// Flatten to (batch, features) at axis 1: CamLab flattens (h, w, c), the order the next Gemm's rows follow.
    func flatten(_ node: ONNXNodeProto, axis: Int64) throws(Problem) -> ONNXValue {
        let x = try activation(node, 0)
        guard axis == 1 else {
            throw fail(node, "flattens at axis \(axis); CamLab flattens each example (axis 1)")
        }
        if shapes[x.node].count == 1 {  // already flat in CamLab: nothing to do
            return .computed(ONNXActivation(node: x.node, shape: [x.count], order: x.order))
        }
        let id = try add(Flatten(), for: node, inputs: [x.node])
        let order: ONNXActivation.Order
        if x.order == .channelsLast && x.shape[0] > 1 && x.shape[1] * x.shape[2] > 1 {
            order = .flattenedChannelsLast(channels: x.shape[0], height: x.shape[1], width: x.shape[2])
        } else {
            order = .same
        }
        return .computed(ONNXActivation(node: id, shape: [x.count], order: order))
    }

    /// A Reshape that flattens each example (as `x.view(x.size(0), -1)` exports) or leaves it as it is.
    func reshape(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        let x = try activation(node, 0)
        let target = try requiredConstant(node, 1, "shape")
        guard let dims = target.asIntegers, target.dims.count == 1, !dims.isEmpty else {
            throw fail(node, "has a shape of \(target.dims) values; a list of integers is expected")
        }
        // The first entry is the batch: the folded batch size, a copy (0), -1, or the input's fixed batch size.
        let batchKept = dims[0] == ONNXConstant.batch || dims[0] == 0 || dims[0] == -1 || dims[0] == staticBatch
        var rest: [Int64] = []
        for (i, d) in dims.dropFirst().enumerated() {
            rest.append(d == 0 && i + 1 < x.shape.count + 1 ? Int64(x.shape[i]) : d)
        }
        if let unknown = rest.firstIndex(of: -1) {
            let known = product(rest.enumerated().filter { $0.offset != unknown }.map(\.element)) ?? 0
            if known > 0, x.count % known == 0 { rest[unknown] = Int64(x.count / known) }
        }
        let shape = rest.map { Int(clamping: $0) }
        guard batchKept, rest.allSatisfy({ $0 > 0 }), product(rest) == x.count else {
            let text = dims.map { $0 == ONNXConstant.batch ? "batch" : "\($0)" }.joined(separator: ", ")
            throw fail(node, "reshapes values of shape \(x.shape) per example to (\(text)); CamLab supports a "
                       + "Reshape that flattens each example, (batch, -1)")
        }
        if shape == x.shape { return .computed(x) }
        guard shape.count == 1 else {
            throw fail(node, "reshapes values of shape \(x.shape) per example to \(shape); CamLab supports a "
                       + "Reshape that flattens each example, (batch, -1)")
        }
        return try flatten(node, axis: 1)
    }

    /// A Pad of nothing (PyTorch exports one before some AveragePools): passed on. A padding that changes the
    /// values belongs in the window op's own pads, which CamLab reads.
    func pad(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        let x = try activation(node, 0)
        var pads = try intsAttribute(node, "pads") ?? []
        if let given = try constant(node, 1, "pads") { pads = given.asIntegers ?? [1] }
        guard pads.allSatisfy({ $0 == 0 }) else {
            throw fail(node, "pads by \(pads); CamLab supports a Pad of zero width (padding belongs in the pads of "
                       + "the Conv or pooling that follows)")
        }
        return .computed(x)
    }

    func transpose(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        let x = try activation(node, 0)
        let perm = try intsAttribute(node, "perm") ?? (0...Int64(x.shape.count)).reversed()
        guard perm == Array(0...Int64(x.shape.count)) else {
            throw fail(node, "permutes the axes of computed values by \(perm); CamLab keeps images as (batch, "
                       + "height, width, channels) and supports Transpose only of constants")
        }
        return .computed(x)
    }

    /// A Shape of computed values: the batch entry stands for the batch size, the rest is known.
    func shapeOf(_ node: ONNXNodeProto) throws(Problem) -> ONNXConstant {
        let x = try activation(node, 0)
        let all = [ONNXConstant.batch] + x.shape.map { Int64($0) }
        return try slicedShape(node, all)
    }

    func slicedShape(_ node: ONNXNodeProto, _ all: [Int64]) throws(Problem) -> ONNXConstant {
        let rank = all.count
        func clamp(_ v: Int64) -> Int { Int(max(0, min(Int64(rank), v < 0 ? v + Int64(rank) : v))) }
        let start = clamp(try intAttribute(node, "start", default: 0))
        let end = clamp(try intAttribute(node, "end", default: Int64(rank)))
        let picked = start < end ? Array(all[start..<end]) : []
        return ONNXConstant(dims: [picked.count], integers: picked)
    }

    func constantNode(_ node: ONNXNodeProto) throws(Problem) -> ONNXConstant {
        guard let attribute = node.attributes.first else { throw fail(node, "has no value") }
        switch attribute.name {
        case "value":
            guard let tensor = attribute.tensor else { throw fail(node, "has a value that is not a tensor") }
            return try ONNXConstant(tensor, what: "the value of node '\(node.name)'")
        case "value_float": return ONNXConstant(dims: [], floats: [attribute.float])
        case "value_floats": return ONNXConstant(dims: [attribute.floats.count], floats: attribute.floats)
        case "value_int": return ONNXConstant(dims: [], integers: [attribute.int])
        case "value_ints": return ONNXConstant(dims: [attribute.ints.count], integers: attribute.ints)
        default:
            throw fail(node, "has a value given as \(attribute.name); CamLab reads value, value_float(s) and "
                       + "value_int(s)")
        }
    }
}
