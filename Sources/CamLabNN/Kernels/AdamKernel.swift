import CamLabKernels

/// Adam's update of one weight tensor through CamLab's vectorised C loop (bit-identical to the plain loop).
enum AdamKernel {
    static func update(_ weights: inout [Float], gradient: [Float], m: inout [Float], v: inout [Float], alpha: Float,
                       beta1: Float, beta2: Float, epsilon: Float) {
        precondition(weights.count == gradient.count && m.count == gradient.count && v.count == gradient.count)
        gradient.withUnsafeBufferPointer { g in
        weights.withUnsafeMutableBufferPointer { w in
        m.withUnsafeMutableBufferPointer { m in
        v.withUnsafeMutableBufferPointer { v in
            camlab_adam_update(w.baseAddress!, g.baseAddress!, m.baseAddress!, v.baseAddress!, g.count, alpha,
                               beta1, beta2, epsilon)
        } } } }
    }
}
