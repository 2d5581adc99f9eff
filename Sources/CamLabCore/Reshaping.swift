extension Tensor {
    /// The same elements under a new shape; one extent may be -1 and is inferred, as in NumPy.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        let inferred = newShape.indices.filter { newShape[$0] == -1 }
        guard inferred.count <= 1 else {
            throw Problem("reshape to \(newShape.shapeDescription): only one dimension can be -1")
        }
        if let bad = newShape.first(where: { $0 < -1 }) {
            throw Problem("reshape to \(newShape.shapeDescription): dimension \(bad) is negative")
        }
        guard newShape.filter({ $0 != -1 }).checkedElementCount != nil else {
            throw Problem("cannot reshape a tensor of shape \(shape.shapeDescription) (\(count) elements) "
                              + "to \(newShape.shapeDescription): that shape has too many elements to count")
        }
        var resolved = newShape
        if let axis = inferred.first {
            let known = newShape.enumerated().filter { $0.offset != axis }.map(\.element).elementCount
            guard known > 0, count % known == 0 else {
                throw Problem("cannot reshape a tensor of shape \(shape.shapeDescription) (\(count) elements) "
                                  + "to \(newShape.shapeDescription)")
            }
            resolved[axis] = count / known
        }
        guard resolved.elementCount == count else {
            throw Problem("cannot reshape a tensor of shape \(shape.shapeDescription) (\(count) elements) to "
                              + "\(newShape.shapeDescription) (\(resolved.elementCount) elements)")
        }
        var result = self
        result.setShapeUnchecked(resolved)
        return result
    }

    /// Rows `range` of the first axis (a batch slice); bounds are clamped as in Python slicing.
    public func slice(_ range: Range<Int>) throws -> Tensor {
        guard rank >= 1 else { throw Problem("cannot slice a scalar") }
        let lower = Swift.min(Swift.max(range.lowerBound, 0), shape[0])
        let upper = Swift.min(Swift.max(range.upperBound, lower), shape[0])
        let rowSize = count / Swift.max(shape[0], 1)
        var newShape = shape
        newShape[0] = upper - lower
        return Tensor(shape: newShape, scalars: Array(scalars[(lower * rowSize)..<(upper * rowSize)]))
    }

    /// Row `index` of the first axis, with that axis removed; negative indices count from the end.
    public func row(_ index: Int) throws -> Tensor {
        guard rank >= 1 else { throw Problem("cannot index a scalar") }
        let resolved = index < 0 ? index + shape[0] : index
        guard (0..<shape[0]).contains(resolved) else {
            throw Problem("index \(index) is out of range for axis 0 of extent \(shape[0]) "
                              + "(shape \(shape.shapeDescription))")
        }
        let rowSize = count / shape[0]
        return Tensor(shape: Array(shape.dropFirst()),
                      scalars: Array(scalars[(resolved * rowSize)..<((resolved + 1) * rowSize)]))
    }

    /// Gathers rows of the first axis in the given order (used to shuffle and batch data).
    public func gatherRows(_ indices: some Collection<Int>) -> Tensor {
        let rowSize = shape.isEmpty ? 1 : count / Swift.max(shape[0], 1)
        let rows = Array(indices)
        for index in rows { precondition((0..<shape[0]).contains(index), "row \(index) out of range") }
        // Each worker copies its own rows (a training batch's rows are scattered over the data set, so the copy
        // waits on memory); every float is written before the array is read.
        let out = [Float](unsafeUninitializedCapacity: rows.count * rowSize) { target, initialized in
            scalars.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = target.baseAddress else { return }
                let (source, target) = (SharedPointer(UnsafeMutablePointer(mutating: from)), SharedPointer(to))
                rows.withUnsafeBufferPointer { rows in
                    let order = SharedPointer(UnsafeMutablePointer(mutating: rows.baseAddress!))
                    Parallel.forEachChunk(rows.count, minimumChunk: 16) { _, chunk in
                        for n in chunk {
                            (target.base + n * rowSize).initialize(from: source.base + order[n] * rowSize,
                                                                   count: rowSize)
                        }
                    }
                }
            }
            initialized = rows.count * rowSize
        }
        var newShape = shape
        newShape[0] = indices.count
        return Tensor(shape: newShape, scalars: out)
    }

    /// Joins tensors along the first axis; all other extents must agree.
    public static func concatenate(_ parts: [Tensor]) throws -> Tensor {
        guard let first = parts.first else { throw Problem("concatenate needs at least one tensor") }
        for part in parts where Array(part.shape.dropFirst()) != Array(first.shape.dropFirst()) || part.rank == 0 {
            throw Problem("cannot concatenate shapes \(first.shape.shapeDescription) and "
                              + "\(part.shape.shapeDescription) along axis 0")
        }
        var shape = first.shape
        shape[0] = parts.reduce(0) { $0 + $1.shape[0] }
        return Tensor(shape: shape, scalars: parts.flatMap(\.scalars))
    }

    /// Swaps the two axes of a matrix.
    public func transposed() throws -> Tensor {
        guard rank == 2 else {
            throw Problem("transpose needs a 2-D tensor, got shape \(shape.shapeDescription)")
        }
        let (rows, cols) = (shape[0], shape[1])
        if count == 0 { return Tensor(shape: [cols, rows], scalars: []) }  // (10^15, 0) must not loop 10^15 times
        var out = [Float](repeating: 0, count: count)
        for r in 0..<rows { for c in 0..<cols { out[c * rows + r] = scalars[r * cols + c] } }
        return Tensor(shape: [cols, rows], scalars: out)
    }
}
