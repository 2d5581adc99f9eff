import CamLabNN

/// What a tensor name of the graph stands for during import: a constant, or values a CamLab node computes.
enum ONNXValue {
    case constant(ONNXConstant)
    case computed(ONNXActivation)
}

/// Values a CamLab node computes for each example, and how they relate to the ONNX tensor of that name: its
/// per-example ONNX shape (without the batch axis) and the order CamLab keeps its elements in.
struct ONNXActivation {
    /// How CamLab's elements are ordered relative to ONNX's.
    enum Order: Equatable {
        /// The same order (dense features, or ONNX [C, 1, 1] kept as CamLab [C]).
        case same
        /// ONNX [C, H, W] kept as CamLab [H, W, C].
        case channelsLast
        /// ONNX's flattening of [C, H, W] (c, h, w order) kept as CamLab's flattening of [H, W, C].
        case flattenedChannelsLast(channels: Int, height: Int, width: Int)
    }

    /// The CamLab node: 0 the input, i + 1 the i-th layer.
    let node: Int
    let shape: [Int]
    let order: Order

    var count: Int { shape.reduce(1, *) }

    /// For each CamLab element position, the ONNX element position it holds.
    var onnxPositions: [Int] {
        switch order {
        case .same: return Array(0..<count)
        case .channelsLast:
            return Self.channelsLastPositions(channels: shape[0], height: shape[1], width: shape[2])
        case let .flattenedChannelsLast(c, h, w):
            return Self.channelsLastPositions(channels: c, height: h, width: w)
        }
    }

    private static func channelsLastPositions(channels c: Int, height h: Int, width w: Int) -> [Int] {
        var positions: [Int] = []
        positions.reserveCapacity(c * h * w)
        for y in 0..<h { for x in 0..<w { for k in 0..<c { positions.append((k * h + y) * w + x) } } }
        return positions
    }
}
