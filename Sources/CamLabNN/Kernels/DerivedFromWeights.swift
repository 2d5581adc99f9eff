/// An array derived from a layer's weights (a kernel's Winograd transform, a dense kernel's panels), remade only
/// when the weights, or the `layout` it was made for, change: the passes of one batch share their weights, which
/// change only at the optimizer's step. The comparison with the weights it was made from takes constant time for
/// the same array; weights updated in place are a new array to Swift, as this keeps the old one.
struct DerivedFromWeights {
    private(set) var values: [Float] = []
    private var source: [Float] = []
    private var layout = 0

    /// Makes `values` (`count` floats) from `weights` with `derive(weights, values)`, unless it was made from them.
    mutating func update(from weights: [Float], layout: Int, count: Int,
                         _ derive: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) {
        guard layout != self.layout || values.count != count || weights != source else { return }
        if values.count != count { values = [Float](repeating: 0, count: count) }
        weights.withUnsafeBufferPointer { w in
            values.withUnsafeMutableBufferPointer { derive(w.baseAddress!, $0.baseAddress!) }
        }
        (source, self.layout) = (weights, layout)
    }
}
