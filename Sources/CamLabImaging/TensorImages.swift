import CamLabCore

extension Image {
    /// The tensor `(height, width)` or `(height, width, channels)` (channels 1, 3 or 4), or a batch of one,
    /// rescaled min–max to 0–255 and truncated to bytes — Keras's `array_to_img(x, scale=True)`, which eli5 uses
    /// for the picture under a heatmap. The arithmetic is Float32, as Keras's, so the bytes agree.
    public init(rescaling tensor: Tensor) throws {
        var shape = tensor.shape
        if shape.count == 4 && shape[0] == 1 { shape.removeFirst() }
        if shape.count == 2 { shape.append(1) }
        guard shape.count == 3, [1, 3, 4].contains(shape[2]), shape[0] > 0, shape[1] > 0 else {
            throw Problem("an image tensor has shape (height, width, channels) with 1, 3 or 4 channels, "
                             + "or a batch of one such image; got \(tensor.shape.shapeDescription)")
        }
        let low = tensor.scalars.min() ?? 0
        var values = tensor.scalars.map { $0 - low }
        let high = values.max() ?? 0
        if high != 0 { values = values.map { $0 / high } }
        let pixels = values.map { v -> UInt8 in
            let scaled = v * 255
            return scaled.isNaN ? 0 : UInt8(clamping: Int(scaled.rounded(.towardZero)))
        }
        try self.init(width: shape[1], height: shape[0], channels: shape[2], pixels: pixels)
    }

    /// The pixels as a `(height, width, channels)` Float tensor, each byte divided by `divisor` (default 255,
    /// giving values in [0, 1] exactly as NumPy's `x / 255`, the usual input range of a trained model).
    public func tensor(dividingBy divisor: Float = 255) -> Tensor {
        Tensor(shape: [height, width, channels], scalars: pixels.map { Float($0) / divisor })
    }
}
