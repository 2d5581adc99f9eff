import CamLabCore
import Synchronization

extension Model {
    /// The most weights (floats) a model may have for its inference passes to run side by side: half of one
    /// core's 1 MB L2 cache, as two workers at different layers each need their own layer's weights at hand.
    /// Predicting 10,000 pictures side by side took the walkthrough's network (70,000 weights) 6% less time than
    /// passes split layer by layer, and the CIFAR-shaped one (141,000 weights, whose Winograd transforms are
    /// 2.2 MB) 8% more: 1.27–1.48 against 1.20–1.33 s.
    static let sideBySideWeights = 128 << 10

    /// Whether `outputsInGroups` runs its passes side by side.
    var runsInferenceSideBySide: Bool {
        Parallel.workers > 1 && parameters.reduce(0) { $0 + $1.value.count } <= Self.sideBySideWeights
    }

    /// Floats the largest step of an inference pass holds for one example: a layer's inputs and its output (the
    /// pass drops each value once its last reader ran).
    var inferenceFloatsPerExample: Int {
        layers.indices.map { i in
            inputNodes[i].reduce(layers[i].outputShape.elementCount) { $0 + shape(ofNode: $1).elementCount }
        }.max() ?? 1
    }

    /// The model's outputs for the rows `examples` of `x` in inference mode, in passes of `groupSize` examples,
    /// each copied out of `x` as its pass begins. A small model's passes run side by side
    /// (`runsInferenceSideBySide`): each worker takes the next group from a shared counter and runs it through
    /// every layer on its own (`Parallel.onEachWorker`), so no worker waits for the other after each layer, and a
    /// core that another program holds up simply takes fewer groups. A larger model's passes run one after the
    /// other, each layer split between the workers. No layer mixes examples in inference, so either is one pass
    /// over those examples, in smaller batches.
    func outputsInGroups(_ x: Tensor, examples: Range<Int>, groupSize: Int) -> Tensor {
        let count = examples.count, group = max(groupSize, 1), first = examples.lowerBound
        guard count > 0 else { return Tensor.zeros([0] + outputShape) }
        let inputRow = x.count / max(x.shape.first ?? 1, 1), outputRow = outputShape.elementCount
        let sideBySide = runsInferenceSideBySide
        let next = Atomic<Int>(0)
        // Layers keep nothing of a pass; what they derive from their weights sits behind locks of their own.
        let model = SharedModel(model: self)
        let scalars = [Float](unsafeUninitializedCapacity: count * outputRow) { buffer, initialized in
            x.scalars.withUnsafeBufferPointer { source in
                let (source, target) = (SharedPointer(mutating: source), SharedPointer(buffer.baseAddress!))
                @Sendable func runGroups() {
                    while true {
                        let lower = next.wrappingAdd(1, ordering: .relaxed).oldValue * group
                        guard lower < count else { return }
                        let rows = min(group, count - lower)
                        let input = Tensor(shape: [rows] + x.shape.dropFirst()) {
                            _ = $0.initialize(fromContentsOf: UnsafeBufferPointer(
                                start: source.base + (first + lower) * inputRow, count: rows * inputRow))
                        }
                        let output = ForwardPass(model: model.model, input: input, keeping: .nothing).output
                        output.scalars.withUnsafeBufferPointer {
                            (target.base + lower * outputRow).initialize(from: $0.baseAddress!, count: rows * outputRow)
                        }
                    }
                }
                // One group alone is one pass, each layer split between the workers.
                if sideBySide && count > group { Parallel.onEachWorker { _ in runGroups() } } else { runGroups() }
            }
            initialized = count * outputRow
        }
        return Tensor(shape: [count] + outputShape, scalars: scalars)
    }
}

/// A model handed to the workers of `outputsInGroups`.
private struct SharedModel: @unchecked Sendable {
    let model: Model
}
