import CamLabCore
import Synchronization

extension Model {
    /// Floats the largest step of an inference pass holds for one example: a layer's inputs and its output (the
    /// pass drops each value once its last reader ran).
    var inferenceFloatsPerExample: Int {
        layers.indices.map { i in
            inputNodes[i].reduce(layers[i].outputShape.elementCount) { $0 + shape(ofNode: $1).elementCount }
        }.max() ?? 1
    }

    /// The model's outputs for the batch `x` in inference mode, in passes of `groupSize` examples run by the
    /// workers side by side: each takes the next group from a shared counter and runs it through every layer on
    /// its own (`Parallel.onEachWorker`). No worker waits for the other after each layer, and a core that another
    /// program holds up simply takes fewer groups. No layer mixes examples in inference, so this is a pass over
    /// all of `x`, in smaller batches.
    func outputsSideBySide(_ x: Tensor, groupSize: Int) -> Tensor {
        let count = x.shape.first ?? 0, group = max(groupSize, 1)
        guard count > group else { return ForwardPass(model: self, input: x, keeping: .nothing).output }
        let inputRow = x.count / count, outputRow = outputShape.elementCount
        let next = Atomic<Int>(0)
        // Layers keep nothing of a pass; what they derive from their weights sits behind locks of their own.
        let model = SharedModel(model: self)
        let scalars = [Float](unsafeUninitializedCapacity: count * outputRow) { buffer, initialized in
            x.scalars.withUnsafeBufferPointer { source in
                let (source, target) = (SharedPointer(mutating: source), SharedPointer(buffer.baseAddress!))
                Parallel.onEachWorker { _ in
                    while true {
                        let lower = next.wrappingAdd(1, ordering: .relaxed).oldValue * group
                        guard lower < count else { return }
                        let rows = min(group, count - lower)
                        let input = Tensor(shape: [rows] + x.shape.dropFirst()) {
                            _ = $0.initialize(fromContentsOf: UnsafeBufferPointer(
                                start: source.base + lower * inputRow, count: rows * inputRow))
                        }
                        let output = ForwardPass(model: model.model, input: input, keeping: .nothing).output
                        output.scalars.withUnsafeBufferPointer {
                            (target.base + lower * outputRow).initialize(from: $0.baseAddress!, count: rows * outputRow)
                        }
                    }
                }
            }
            initialized = count * outputRow
        }
        return Tensor(shape: [count] + outputShape, scalars: scalars)
    }
}

/// A model handed to the workers of `outputsSideBySide`.
private struct SharedModel: @unchecked Sendable {
    let model: Model
}
