import CamLabKernels

/// Winograd's minimal filtering for 3×3, stride-1 convolutions (Lavin & Gray, "Fast Algorithms for
/// Convolutional Neural Networks", 2016): F(m×m, 3×3) computes an m×m output tile from an (m+2)×(m+2) input
/// tile with (m+2)² multiplies per channel pair instead of 9m², 2.25× fewer for m = 2 and 4× fewer for m = 4.
/// The forward pass, the input gradient (a convolution with the rotated kernel) and the kernel gradient (the
/// adjoint, Gᵀ [Σ (A dY Aᵀ) ⊙ (Bᵀ d B)] G) all run this way, batched over the tiles of many images.
///
/// Error bound, checked against direct convolution in the tests: the transforms add and scale values before
/// the products, so the rounding error grows with the transform's coefficients. With inputs and weights of
/// magnitude ≤ 1 and C input channels, |Winograd − exact| ≤ `relativeErrorBound(tile:) · 9C · max|x|·max|w|`,
/// against about 1e-7 · 9C for direct convolution in float.
enum Winograd {
    /// The bound's factor: a few float epsilons (1.2e-7) for F(2×2), dozens for F(4×4) whose transforms have
    /// coefficients up to 8 (Aᵀ) and 5 (Bᵀ).
    static func relativeErrorBound(tile: Int) -> Float { tile == 2 ? 1e-6 : 2e-5 }

    static func problem(_ g: WindowGeometry, filters: Int, images: Int, tile: Int) -> camlab_winograd_problem {
        camlab_winograd_problem(images: Int32(images), height: Int32(g.inputHeight), width: Int32(g.inputWidth),
                                channels: Int32(g.channels), padTop: Int32(g.padTop), padLeft: Int32(g.padLeft),
                                outputHeight: Int32(g.outputHeight), outputWidth: Int32(g.outputWidth),
                                filters: Int32(filters), tile: Int32(tile))
    }

    /// U = G g Gᵀ for a [3, 3, channels, filters] kernel, into `transformed` (resized as needed).
    static func transformKernel(_ kernel: UnsafePointer<Float>, channels: Int, filters: Int, tile: Int,
                                into transformed: inout [Float]) {
        let count = (tile + 2) * (tile + 2) * channels * filters
        if transformed.count != count { transformed = [Float](repeating: 0, count: count) }
        transformed.withUnsafeMutableBufferPointer { u in
            camlab_winograd_transform_kernel(Int32(tile), kernel, Int32(channels), Int32(filters), u.baseAddress!)
        }
    }
}
