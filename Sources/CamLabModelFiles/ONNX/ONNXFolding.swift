import CamLabCore
/// Nodes all of whose inputs are constants, computed at import: the shape chains a dynamic batch axis adds
/// (Shape → Gather → Unsqueeze → Concat → Reshape), Cast, Squeeze, Transpose and arithmetic on weights.
extension ONNXImporter {
    /// The value of a node all of whose inputs are constants.
    func fold(_ node: ONNXNodeProto) throws(Problem) -> ONNXConstant {
        var inputs: [ONNXConstant?] = []
        for index in node.inputs.indices { inputs.append(try constant(node, index, "input \(index + 1)")) }
        func input(_ i: Int) throws(Problem) -> ONNXConstant {
            guard i < inputs.count, let c = inputs[i] else { throw fail(node, "lacks its input \(i + 1)") }
            return c
        }
        switch node.opType {
        case "Identity", "Dropout": return try input(0)
        case "Shape": return try slicedShape(node, try input(0).dims.map { Int64($0) })
        case "Cast":
            let c = try input(0), to = try intAttribute(node, "to", default: ONNXTensorProto.float)
            if to == ONNXTensorProto.float || to == ONNXTensorProto.double {
                return ONNXConstant(dims: c.dims, floats: c.asFloats)
            }
            guard let integers = c.asIntegers else { throw fail(node, "casts fractions to integers") }
            return ONNXConstant(dims: c.dims, integers: integers)
        case "Gather": return try gather(node, try input(0), try input(1))
        case "Unsqueeze", "Squeeze": return try squeeze(node, try input(0), axes: inputs.count > 1 ? inputs[1] : nil)
        case "Concat": return try concatenateConstants(node, inputs.compactMap { $0 })
        case "Transpose": return try transposeConstant(node, try input(0))
        case "Reshape":
            let c = try input(0)
            guard let dims = try input(1).asIntegers, !dims.contains(ONNXConstant.batch) else {
                throw fail(node, "reshapes a constant to a shape that is not known")
            }
            var shape = dims.enumerated().map { i, d in d == 0 && i < c.dims.count ? Int64(c.dims[i]) : d }
            if let unknown = shape.firstIndex(of: -1) {
                let known = product(shape.enumerated().filter { $0.offset != unknown }.map(\.element)) ?? 0
                if known > 0 { shape[unknown] = Int64(c.count / known) }
            }
            guard product(shape) == c.count else {
                throw fail(node, "reshapes a constant of shape \(c.dims) to \(dims)")
            }
            return c.reshaped(shape.map { Int($0) })
        case "Add", "Sub", "Mul", "Div": return try foldArithmetic(node, try input(0), try input(1))
        default:
            throw fail(node, "computes only on constants; CamLab folds Shape, Gather, Unsqueeze, Squeeze, Concat, "
                       + "Cast, Reshape, Transpose, Add, Sub, Mul and Div of constants, not \(node.opType)")
        }
    }

    private func axis(_ node: ONNXNodeProto, _ value: Int64, rank: Int) throws(Problem) -> Int {
        let a = value < 0 ? value + Int64(rank) : value
        guard a >= 0, a < Int64(rank) else { throw fail(node, "has axis \(value) for a tensor of rank \(rank)") }
        return Int(a)
    }

    private func gather(_ node: ONNXNodeProto, _ data: ONNXConstant,
                        _ indices: ONNXConstant) throws(Problem) -> ONNXConstant {
        guard !data.dims.isEmpty, let picks = indices.asIntegers else {
            throw fail(node, "gathers from a scalar or with indices that are not integers")
        }
        let a = try axis(node, try intAttribute(node, "axis", default: 0), rank: data.dims.count)
        let extent = data.dims[a]
        let outer = data.dims[..<a].reduce(1, *), inner = data.dims[(a + 1)...].reduce(1, *)
        guard product([Int64(outer), Int64(picks.count), Int64(inner)]) != nil else {
            throw fail(node, "gathers more values than CamLab's memory budget holds")
        }
        var positions: [Int] = []
        for o in 0..<outer {
            for pick in picks {
                let i = pick < 0 ? pick + Int64(extent) : pick
                guard i >= 0, i < Int64(extent) else { throw fail(node, "gathers index \(pick) of \(extent)") }
                for k in 0..<inner { positions.append((o * extent + Int(i)) * inner + k) }
            }
        }
        return data.picking(positions, dims: Array(data.dims[..<a]) + indices.dims + Array(data.dims[(a + 1)...]))
    }

    private func squeeze(_ node: ONNXNodeProto, _ data: ONNXConstant,
                         axes: ONNXConstant?) throws(Problem) -> ONNXConstant {
        var given = try intsAttribute(node, "axes")
        if let axes { given = axes.asIntegers ?? [] }
        if node.opType == "Unsqueeze" {
            guard let given else { throw fail(node, "lacks its axes") }
            let rank = data.dims.count + given.count
            var inserted: Set<Int> = []
            for value in given {
                guard inserted.insert(try axis(node, value, rank: rank)).inserted else {
                    throw fail(node, "names axis \(value) twice")
                }
            }
            var dims: [Int] = [], source = data.dims.makeIterator()
            for i in 0..<rank { dims.append(inserted.contains(i) ? 1 : (source.next() ?? 1)) }
            return data.reshaped(dims)
        }
        var removed: Set<Int> = []
        for value in given ?? data.dims.indices.filter({ data.dims[$0] == 1 }).map(Int64.init) {
            let a = try axis(node, value, rank: data.dims.count)
            guard data.dims[a] == 1 else { throw fail(node, "squeezes axis \(a) of extent \(data.dims[a])") }
            removed.insert(a)
        }
        return data.reshaped(data.dims.indices.filter { !removed.contains($0) }.map { data.dims[$0] })
    }

    private func concatenateConstants(_ node: ONNXNodeProto,
                                      _ parts: [ONNXConstant]) throws(Problem) -> ONNXConstant {
        guard let first = parts.first, !first.dims.isEmpty else { throw fail(node, "joins nothing, or scalars") }
        let a = try axis(node, try intAttribute(node, "axis", default: 0), rank: first.dims.count)
        for part in parts {
            guard part.dims.count == first.dims.count,
                  part.dims.indices.allSatisfy({ $0 == a || part.dims[$0] == first.dims[$0] }) else {
                throw fail(node, "joins constants of shapes \(parts.map(\.dims)) along axis \(a)")
            }
        }
        let outer = first.dims[..<a].reduce(1, *)
        let isInteger = parts.allSatisfy(\.isInteger)
        var floats: [Float] = [], integers: [Int64] = []
        for o in 0..<outer {
            for part in parts {
                let run = part.dims[a...].reduce(1, *)
                if isInteger { integers += part.integers[(o * run)..<((o + 1) * run)] }
                else { floats += part.asFloats[(o * run)..<((o + 1) * run)] }
            }
        }
        var dims = first.dims
        dims[a] = parts.reduce(0) { $0 + $1.dims[a] }
        return isInteger ? ONNXConstant(dims: dims, integers: integers) : ONNXConstant(dims: dims, floats: floats)
    }

    private func transposeConstant(_ node: ONNXNodeProto, _ c: ONNXConstant) throws(Problem) -> ONNXConstant {
        let rank = c.dims.count
        let given = try intsAttribute(node, "perm")
        let perm = given.map { $0.map { Int(clamping: $0) } } ?? Array((0..<rank).reversed())
        guard perm.sorted() == Array(0..<rank) else { throw fail(node, "has perm \(perm) for rank \(rank)") }
        let dims = perm.map { c.dims[$0] }
        let sourceStrides = rowMajorStrides(c.dims), targetStrides = rowMajorStrides(dims)
        let positions = (0..<c.count).map { flat in
            perm.indices.reduce(0) { $0 + (flat / targetStrides[$1] % dims[$1]) * sourceStrides[perm[$1]] }
        }
        return c.picking(positions, dims: dims)
    }

    private func foldArithmetic(_ node: ONNXNodeProto, _ a: ONNXConstant,
                                _ b: ONNXConstant) throws(Problem) -> ONNXConstant {
        guard let dims = broadcastShape(a.dims, b.dims), product(dims.map(Int64.init)) != nil else {
            throw fail(node, "combines constants of shapes \(a.dims) and \(b.dims), which do not broadcast (or "
                       + "broadcast beyond CamLab's memory budget)")
        }
        let ia = broadcastIndices(from: a.dims, to: dims), ib = broadcastIndices(from: b.dims, to: dims)
        let batchInside = a.integers.contains(ONNXConstant.batch) || b.integers.contains(ONNXConstant.batch)
        if a.isInteger && b.isInteger, !batchInside {
            var out: [Int64] = []
            for (i, j) in zip(ia, ib) {
                let (x, y) = (a.integers[i], b.integers[j])
                switch node.opType {
                case "Add": out.append(x &+ y)
                case "Sub": out.append(x &- y)
                case "Mul": out.append(x &* y)
                default:
                    guard y != 0, !(x == .min && y == -1) else { throw fail(node, "divides by 0") }
                    out.append(x / y)
                }
            }
            return ONNXConstant(dims: dims, integers: out)
        }
        guard !batchInside else {
            throw fail(node, "computes with the batch size; CamLab folds the batch size only into a Reshape")
        }
        let (x, y) = (a.asFloats, b.asFloats)
        let out: [Float] = zip(ia, ib).map { i, j in
            switch node.opType {
            case "Add": x[i] + y[j]
            case "Sub": x[i] - y[j]
            case "Mul": x[i] * y[j]
            default: x[i] / y[j]
            }
        }
        return ONNXConstant(dims: dims, floats: out)
    }
}
