import CamLabKernels

/// Winograd's minimal filtering for 3×3, stride-1 convolutions (Lavin & Gray, "Fast Algorithms for
/// Convolutional Neural Networks", 2016): F(m×m, 3×3) computes an m×m output tile from an (m+2)×(m+2) input
/// tile with (m+2)² multiplies per channel pair instead of 9m², 2.25× fewer for m = 2 and 4× fewer for m = 4.
/// The forward pass, the input gradient (a convolution with the rotated kernel) and the kernel gradient (the
/// adjoint, Gᵀ [Σ (A dY Aᵀ) ⊙ (Bᵀ d B)] G) all run this way, batched over the tiles of many images.
///
/// Error bound, checked against a double-precision convolution in the tests: the transforms add and scale values
/// before the products, so rounding grows with their coefficients (up to 5 in Bᵀ and 8 in Aᵀ for m = 4). For C
/// input channels, |Winograd − exact| ≤ `relativeErrorBound(tile:)` · 9C · max|x| · max|w|, with the bound 2e-7
/// for F(2×2) and 2e-6 for F(4×4). Measured on C = 64, x ∈ [0, 1), Glorot weights: 1.6e-8 and 1.3e-7 of that
/// scale, against 3.8e-8 for direct convolution in float: F(4×4) is about 3× less exact than direct
/// convolution, still a few float epsilons of the layer's scale.
enum Winograd {
    /// The bound's factor, about 10× above the error measured on a 64-channel layer.
    static func relativeErrorBound(tile: Int) -> Float { tile == 2 ? 2e-7 : 2e-6 }

    static func problem(_ g: WindowGeometry, filters: Int, images: Int, tile: Int) -> camlab_winograd_problem {
        camlab_winograd_problem(images: Int32(images), height: Int32(g.inputHeight), width: Int32(g.inputWidth),
                                channels: Int32(g.channels), padTop: Int32(g.padTop), padLeft: Int32(g.padLeft),
                                outputHeight: Int32(g.outputHeight), outputWidth: Int32(g.outputWidth),
                                filters: Int32(filters), tile: Int32(tile))
    }

    /// U = G g Gᵀ of a [3, 3, channels, filters] kernel, remade only when the kernel changed.
    struct TransformedKernel {
        private var transform = DerivedFromWeights()
        var values: [Float] { transform.values }

        mutating func update(from kernel: [Float], tile: Int, channels: Int, filters: Int) {
            transform.update(from: kernel, layout: tile, count: (tile + 2) * (tile + 2) * channels * filters) {
                camlab_winograd_transform_kernel(Int32(tile), $0, Int32(channels), Int32(filters), $1)
            }
        }
    }
}
