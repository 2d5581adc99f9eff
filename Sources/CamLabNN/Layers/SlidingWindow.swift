import CamLabCore

/// The window a convolution or pooling layer slides over its (height, width, channels) input, set as Keras sets
/// it: the window's size, the strides between windows, the padding rule (or padding given side by side, from an
/// ONNX file, in its place) and the spacing of a window's taps (dilation; only convolutions dilate). `Conv2D` and
/// `Pooling2D` each hold one, which checks the settings and works out where the windows lie.
public struct SlidingWindow: Sendable {
    public let size: (Int, Int)
    public let strides: (Int, Int)
    public let padding: Padding
    public let explicitPadding: ExplicitPadding?
    public let dilation: (Int, Int)

    /// Throws unless the size, strides and dilation are positive and the window does not both stride and dilate;
    /// `layer` ("Conv2D") and `sizeName` ("kernel", "pool") word the message.
    init(size: (Int, Int), strides: (Int, Int), padding: Padding, explicitPadding: ExplicitPadding?,
         dilation: (Int, Int) = (1, 1), layer: String, sizeName: String) throws {
        try require(size.0 > 0 && size.1 > 0 && strides.0 > 0 && strides.1 > 0,
                    "\(layer) needs a positive \(sizeName) size and strides, got \(sizeName) \(size.0)x\(size.1), "
                    + "strides \(strides.0)x\(strides.1)")
        try require(dilation.0 > 0 && dilation.1 > 0,
                    "\(layer) needs a positive dilation_rate, got (\(dilation.0), \(dilation.1))")
        // As Keras: a layer may stride or dilate, not both.
        try require(strides == (1, 1) || dilation == (1, 1),
                    "\(layer) cannot combine strides (\(strides.0), \(strides.1)) with dilation_rate "
                    + "(\(dilation.0), \(dilation.1)); set one of them to 1")
        (self.size, self.strides, self.dilation) = (size, strides, dilation)
        (self.padding, self.explicitPadding) = (padding, explicitPadding)
    }

    /// Where each window lies on an input of `shape`; throws when the input is not (height, width, channels) or
    /// the window does not fit it. `layer` names the layer in messages ("Conv2D 'c1'").
    func geometry(input shape: [Int], layer: String) throws -> WindowGeometry {
        try WindowGeometry(input: shape, kernel: size, strides: strides, dilation: dilation, padding: padding,
                           explicit: explicitPadding, layer: layer)
    }

    /// Keras' settings as a layer's description shows them: "pool_size: (2, 2), strides: (2, 2), padding: "valid"".
    func description(sizeName: String) -> String {
        "\(sizeName): (\(size.0), \(size.1)), strides: (\(strides.0), \(strides.1)), padding: "
            + (explicitPadding?.description ?? "\"\(padding.rawValue)\"")
    }
}
