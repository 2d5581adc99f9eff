import CamLabCore
import CamLabKernels

/// A gradient given as its recipe, dx = a·u + b·(v − center) + d per channel (u through a folded ReLU's
/// derivative when there is one; without v, a·(u − center) + d): batch normalization's input gradient. A
/// convolution under the normalization forms it a group of images at a time, in cache, where it reads it, so the
/// tensor is never written out and read back (`Layer.formsOwnOutputGradient`); anyone else reads `formed()`.
public struct ChannelGradient {
    let u: Tensor
    let a: [Float]
    let v: Tensor?
    let center: [Float]
    let b: [Float]
    let d: [Float]
    let relu: ChannelKernels.FoldedReLU?

    public var shape: [Int] { u.shape }

    /// The whole gradient as a tensor.
    public func formed() -> Tensor { ChannelKernels.combine(u, a, v, center: center, b, d, relu: relu) }

    /// Runs `body` with a former of this gradient's rows (pixels), valid inside `body` only; with `thenReLU`, the
    /// former also stores max(·, 0) of each value (batch normalization's forward map with its folded ReLU).
    func withRows<R>(thenReLU: Bool = false, _ body: (RowFormer) -> R) -> R {
        ChannelKernels.withPointers(u, v ?? u, center, relu) { u, x, center, scale, shift in
            a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
            d.withUnsafeBufferPointer { d in
                body(RowFormer(u: u, v: v == nil ? nil : x, channels: a.count, a: SharedPointer(mutating: a),
                               b: SharedPointer(mutating: b), center: center, d: SharedPointer(mutating: d),
                               reluScale: scale, reluShift: shift, thenReLU: thenReLU))
            } } }
        }
    }
}

/// Runs `body` with a former of `recipe`'s rows, or with nil when there is no recipe.
func withRowFormer<R>(_ recipe: ChannelGradient?, _ body: (RowFormer?) -> R) -> R {
    guard let recipe else { return body(nil) }
    return recipe.withRows { body($0) }
}

/// Forms rows of a `ChannelGradient` into a buffer; shared by the workers of one backward step.
struct RowFormer: @unchecked Sendable {
    let u: SharedPointer<Float>
    let v: SharedPointer<Float>?
    let channels: Int
    let a, b, center, d: SharedPointer<Float>
    let reluScale, reluShift: SharedPointer<Float>?
    let thenReLU: Bool

    /// Writes rows `rows` (each `channels` values) of the gradient to `out`.
    func form(rows: Range<Int>, into out: UnsafeMutablePointer<Float>) {
        let first = rows.lowerBound * channels
        camlab_channel_combine(u.base + first, v.map { $0.base + first }, rows.count, Int32(channels), a.base,
                               v == nil ? nil : b.base, center.base, d.base, reluScale?.base, reluShift?.base,
                               thenReLU, out)
    }
}
