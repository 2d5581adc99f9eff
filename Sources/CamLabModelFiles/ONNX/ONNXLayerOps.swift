import CamLabCore
import CamLabNN

/// The ops that become CamLab layers with weights or windows: Conv, pooling, BatchNormalization, Gemm and MatMul.
extension ONNXImporter {
    /// The values of an image op's input, which must be [N, C, H, W].
    func image(_ node: ONNXNodeProto) throws(Problem) -> ONNXActivation {
        let x = try activation(node, 0)
        guard x.order == .channelsLast else {
            throw fail(node, "reads values of shape \(x.shape) per example; CamLab applies it to images "
                       + "(batch, channels, height, width)")
        }
        return x
    }

    /// A 2-D window setting (kernel_shape, strides, dilations) or its default.
    func pair(_ node: ONNXNodeProto, _ name: String, default value: Int) throws(Problem) -> (Int, Int) {
        guard let values = try intsAttribute(node, name) else { return (value, value) }
        guard values.count == 2, values.allSatisfy({ (1...4096).contains($0) }) else {
            throw fail(node, "has \(name) \(values); CamLab supports two positive values (2-D windows)")
        }
        return (Int(values[0]), Int(values[1]))
    }

    /// pads and auto_pad as CamLab's padding: none, TensorFlow's "same" (SAME_UPPER) or explicit sides.
    func padding(_ node: ONNXNodeProto) throws(Problem) -> (Padding, ExplicitPadding?) {
        let auto = node.attribute("auto_pad")?.string ?? "NOTSET"
        switch auto {
        case "NOTSET":
            let pads = try intsAttribute(node, "pads") ?? [0, 0, 0, 0]
            guard pads.count == 4, pads.allSatisfy({ (0...4096).contains($0) }) else {
                throw fail(node, "has pads \(pads); CamLab supports four non-negative pads (2-D windows)")
            }
            if pads.allSatisfy({ $0 == 0 }) { return (.valid, nil) }
            // ONNX orders them [top, left, bottom, right].
            return (.valid, ExplicitPadding(top: Int(pads[0]), bottom: Int(pads[2]), left: Int(pads[1]),
                                            right: Int(pads[3])))
        case "VALID": return (.valid, nil)
        case "SAME_UPPER": return (.same, nil)
        default:
            throw fail(node, "has auto_pad \(auto); CamLab supports NOTSET (explicit pads), VALID and SAME_UPPER")
        }
    }

    func convolution(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        let x = try image(node)
        let w = try requiredConstant(node, 1, "weights")
        let bias = try constant(node, 2, "bias")
        let group = try intAttribute(node, "group", default: 1)
        guard group == 1 else {
            throw fail(node, "has group \(group); CamLab supports Conv with group 1 (no grouped or depthwise "
                       + "convolutions)")
        }
        guard w.dims.count == 4, !w.isInteger else {
            throw fail(node, "has weights of shape \(w.dims); CamLab supports 2-D convolutions (weights of "
                       + "shape [filters, channels, height, width])")
        }
        let (filters, channels, kh, kw) = (w.dims[0], w.dims[1], w.dims[2], w.dims[3])
        guard channels == x.shape[0], filters > 0, kh > 0, kw > 0 else {
            throw fail(node, "has weights for \(channels) channels, but its input has \(x.shape[0])")
        }
        if let kernel = try intsAttribute(node, "kernel_shape"), kernel != [Int64(kh), Int64(kw)] {
            throw fail(node, "has kernel_shape \(kernel), but weights of \(kh)x\(kw)")
        }
        if let bias, bias.dims != [filters] || bias.isInteger {
            throw fail(node, "has a bias of shape \(bias.dims); CamLab needs one value per filter (\(filters))")
        }
        let strides = try pair(node, "strides", default: 1), dilations = try pair(node, "dilations", default: 1)
        let (padding, explicit) = try padding(node)
        let conv = try make(node) {
            try Conv2D(filters: filters, kernelSize: (kh, kw), strides: strides, padding: padding,
                       explicitPadding: explicit, useBias: bias != nil, dilationRate: dilations)
        }
        // OIHW → HWIO: kernel[ky][kx][i][o] = w[o][i][ky][kx]. Weights set before the layer is built are kept, and
        // no random ones are drawn first.
        let hwio = [Float](unsafeUninitializedCapacity: w.count) { target, initialized in
            w.floats.withUnsafeBufferPointer { source in
                var s = 0
                for o in 0..<filters {
                    for i in 0..<channels {
                        for tap in 0..<(kh * kw) {
                            target[(tap * channels + i) * filters + o] = source[s]
                            s += 1
                        }
                    }
                }
            }
            initialized = w.count
        }
        conv.kernel.value = Tensor(shape: [kh, kw, channels, filters], scalars: hwio)
        conv.bias.value = Tensor(shape: [filters], scalars: bias?.floats ?? [Float](repeating: 0, count: filters))
        let id = try add(conv, for: node, inputs: [x.node])
        let out = shapes[id]
        return .computed(ONNXActivation(node: id, shape: [out[2], out[0], out[1]], order: .channelsLast))
    }

    func pooling(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        try onlyFirstOutput(node)
        let x = try image(node)
        guard let kernel = try intsAttribute(node, "kernel_shape") else { throw fail(node, "lacks kernel_shape") }
        guard kernel.count == 2, kernel.allSatisfy({ (1...4096).contains($0) }) else {
            throw fail(node, "has kernel_shape \(kernel); CamLab supports 2-D windows")
        }
        let size = (Int(kernel[0]), Int(kernel[1]))
        let strides = try pair(node, "strides", default: 1), dilations = try pair(node, "dilations", default: 1)
        guard dilations == (1, 1) else {
            throw fail(node, "has dilations \([dilations.0, dilations.1]); CamLab pools undilated windows")
        }
        let (padding, explicit) = try padding(node)
        let ceil = try intAttribute(node, "ceil_mode", default: 0)
        let layer: any Layer
        if node.opType == "MaxPool" {
            guard try intAttribute(node, "storage_order", default: 0) == 0 else {
                throw fail(node, "has storage_order 1; CamLab supports row-major order (0)")
            }
            layer = try make(node) {
                try MaxPooling2D(poolSize: size, strides: strides, padding: padding, explicitPadding: explicit)
            }
        } else {
            let includesPadding = try intAttribute(node, "count_include_pad", default: 0)
            guard includesPadding == 0 || (explicit == nil && padding == .valid) else {
                throw fail(node, "counts the padding in its averages (count_include_pad 1); CamLab averages the "
                           + "positions inside the image (count_include_pad=False in PyTorch)")
            }
            layer = try make(node) {
                try AveragePooling2D(poolSize: size, strides: strides, padding: padding, explicitPadding: explicit)
            }
        }
        let id = try add(layer, for: node, inputs: [x.node])
        let out = shapes[id]
        if ceil != 0 {
            // ceil_mode only matters when a last window would start inside the padding's reach.
            let p = explicit ?? ExplicitPadding(top: 0, bottom: 0, left: 0, right: 0)
            func ceiled(_ n: Int, _ a: Int, _ b: Int, _ k: Int, _ s: Int) -> Int { (n + a + b - k + s - 1) / s + 1 }
            guard padding == .valid, ceiled(x.shape[1], p.top, p.bottom, size.0, strides.0) == out[0],
                  ceiled(x.shape[2], p.left, p.right, size.1, strides.1) == out[1] else {
                throw fail(node, "has ceil_mode 1, which here adds a partial window; CamLab supports ceil_mode 0")
            }
        }
        return .computed(ONNXActivation(node: id, shape: [out[2], out[0], out[1]], order: .channelsLast))
    }

    func globalPooling(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        let x = try image(node)
        let layer: any Layer = node.opType == "GlobalAveragePool" ? GlobalAveragePooling2D() : GlobalMaxPooling2D()
        let id = try add(layer, for: node, inputs: [x.node])
        // ONNX keeps [C, 1, 1]; CamLab [C], in the same order.
        return .computed(ONNXActivation(node: id, shape: [x.shape[0], 1, 1], order: .same))
    }

    func batchNormalization(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        try onlyFirstOutput(node)
        let x = try activation(node, 0)
        guard try intAttribute(node, "training_mode", default: 0) == 0 else {
            throw fail(node, "is in training mode; export the model in eval mode (model.eval())")
        }
        let channels = x.shape[0]
        guard x.order == .channelsLast || (x.order == .same && x.shape.count == 1) else {
            throw fail(node, "normalises values of shape \(x.shape) per example; CamLab normalises the channels of "
                       + "images or the features of flat values")
        }
        var parameters: [[Float]] = []
        for (index, role) in ["scale", "bias", "mean", "variance"].enumerated() {
            let c = try requiredConstant(node, index + 1, role)
            guard c.count == channels, !c.isInteger else {
                throw fail(node, "has a \(role) of shape \(c.dims) for \(channels) channels")
            }
            parameters.append(c.floats)
        }
        let epsilon = try floatAttribute(node, "epsilon", default: 1e-5)
        let momentum = try floatAttribute(node, "momentum", default: 0.9)
        let bn = try make(node) { try BatchNormalization(momentum: momentum, epsilon: epsilon) }
        bn.gamma.value = Tensor(shape: [channels], scalars: parameters[0])
        bn.beta.value = Tensor(shape: [channels], scalars: parameters[1])
        bn.movingMean.value = Tensor(shape: [channels], scalars: parameters[2])
        bn.movingVariance.value = Tensor(shape: [channels], scalars: parameters[3])
        let id = try add(bn, for: node, inputs: [x.node])
        return .computed(ONNXActivation(node: id, shape: x.shape, order: x.order))
    }

    /// Gemm (alpha·A·B' + beta·C) and MatMul by a constant matrix, as a Dense layer. After a Flatten of images the
    /// matrix's rows are permuted from ONNX's (c, h, w) order to CamLab's (h, w, c).
    func dense(_ node: ONNXNodeProto) throws(Problem) -> ONNXValue {
        let x = try activation(node, 0)
        guard x.shape.count == 1 else {
            throw fail(node, "multiplies values of shape \(x.shape) per example; CamLab multiplies flat features "
                       + "(batch, features) by a matrix")
        }
        let b = try requiredConstant(node, 1, "weights")
        let isGemm = node.opType == "Gemm"
        let transposeB = isGemm ? try intAttribute(node, "transB", default: 0) != 0 : false
        if isGemm, try intAttribute(node, "transA", default: 0) != 0 {
            throw fail(node, "has transA 1; CamLab supports Gemm with transA 0 (features × weights)")
        }
        guard b.dims.count == 2, !b.isInteger else {
            throw fail(node, "has weights of shape \(b.dims); CamLab supports a constant matrix")
        }
        let (inputs, units) = transposeB ? (b.dims[1], b.dims[0]) : (b.dims[0], b.dims[1])
        guard inputs == x.count, units > 0 else {
            throw fail(node, "has weights of shape \(b.dims) for \(x.count) input features")
        }
        let alpha = isGemm ? try floatAttribute(node, "alpha", default: 1) : 1
        let beta = isGemm ? try floatAttribute(node, "beta", default: 1) : 1
        var bias: [Float]?
        if isGemm, let c = try constant(node, 2, "bias") {
            guard !c.isInteger, c.count == 1 || (c.count == units && c.dims.last == units) else {
                throw fail(node, "has a bias of shape \(c.dims); CamLab needs one value or one per unit (\(units))")
            }
            bias = c.count == 1 ? [Float](repeating: c.floats[0] * beta, count: units) : c.floats.map { $0 * beta }
        }
        let layer = try make(node) { try Dense(units: units, useBias: bias != nil) }
        let positions = x.onnxPositions
        var kernel = [Float](repeating: 0, count: inputs * units)
        for row in 0..<inputs {
            let source = positions[row]
            for u in 0..<units {
                let weight = transposeB ? b.floats[u * inputs + source] : b.floats[source * units + u]
                kernel[row * units + u] = alpha * weight
            }
        }
        layer.kernel.value = Tensor(shape: [inputs, units], scalars: kernel)
        layer.bias.value = Tensor(shape: [units], scalars: bias ?? [Float](repeating: 0, count: units))
        let id = try add(layer, for: node, inputs: [x.node])
        return .computed(ONNXActivation(node: id, shape: [units], order: .same))
    }
}
