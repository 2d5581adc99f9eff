/// Element-wise loops the engine runs over whole tensors, written once over buffers so they vectorise.
enum Elementwise {
    /// a += b.
    static func add(_ a: inout [Float], _ b: [Float]) {
        precondition(a.count == b.count, "adding \(b.count) values to \(a.count)")
        a.withUnsafeMutableBufferPointer { a in
            b.withUnsafeBufferPointer { b in for i in a.indices { a[i] += b[i] } }
        }
    }

    /// Guided Backpropagation's rule at a ReLU: a gradient passes only where it and the ReLU's output are positive.
    static func guidedReLU(_ gradient: inout [Float], output: [Float]) {
        gradient.withUnsafeMutableBufferPointer { g in
            output.withUnsafeBufferPointer { y in for i in g.indices where !(y[i] > 0 && g[i] > 0) { g[i] = 0 } }
        }
    }
}
