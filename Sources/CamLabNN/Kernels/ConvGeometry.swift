import CamLabCore

/// How Keras pads a convolution or pooling window.
public enum Padding: String, CaseIterable, Sendable {
    /// No padding: the window stays inside the input; out = floor((in - k) / s) + 1.
    case valid
    /// TensorFlow's SAME: out = ceil(in / s), zeros added evenly with the odd one at the bottom/right.
    case same
}

/// Zero padding given side by side, as ONNX and PyTorch give it (a strided PyTorch convolution with padding 1 pads
/// the top and left, where TensorFlow's "same" pads the bottom and right). Each side is smaller than the window,
/// so every window touches the image and a convolution's input gradient stays a convolution.
public struct ExplicitPadding: Equatable, Sendable {
    public let top, bottom, left, right: Int
    public init(top: Int, bottom: Int, left: Int, right: Int) {
        (self.top, self.bottom, self.left, self.right) = (top, bottom, left, right)
    }
    var description: String { "((\(top), \(bottom)), (\(left), \(right)))" }
}

/// The index arithmetic shared by convolution and pooling: where each output pixel's window lies in the input.
struct WindowGeometry: Sendable {
    let inputHeight, inputWidth, channels: Int
    let kernelHeight, kernelWidth: Int
    let strideY, strideX: Int
    /// Atrous convolution's spacing between kernel taps (1 for ordinary windows); a dilated kernel spans
    /// d·(k − 1) + 1 input pixels, which sets the padding and output size as TensorFlow does.
    let dilationY, dilationX: Int
    let padTop, padLeft: Int
    let outputHeight, outputWidth: Int

    init(input: [Int], kernel: (Int, Int), strides: (Int, Int), dilation: (Int, Int) = (1, 1), padding: Padding,
         explicit: ExplicitPadding? = nil, layer: String) throws {
        guard input.count == 3 else {
            throw Problem("\(layer) expects inputs of shape (height, width, channels), got "
                             + "\(input.shapeDescription); add a Reshape/Input of rank 3 before it")
        }
        (inputHeight, inputWidth, channels) = (input[0], input[1], input[2])
        (kernelHeight, kernelWidth) = kernel
        (strideY, strideX) = strides
        (dilationY, dilationX) = dilation
        let extentY = dilationY * (kernelHeight - 1) + 1, extentX = dilationX * (kernelWidth - 1) + 1
        if let p = explicit {
            guard [p.top, p.bottom].allSatisfy({ (0..<extentY).contains($0) }),
                  [p.left, p.right].allSatisfy({ (0..<extentX).contains($0) }) else {
                throw Problem("\(layer): padding \(p.description) must be at least 0 and smaller than the "
                                 + "\(extentY)x\(extentX) window on each side")
            }
            guard inputHeight + p.top + p.bottom >= extentY, inputWidth + p.left + p.right >= extentX else {
                throw Problem("\(layer): a \(extentY)x\(extentX) window does not fit an input of "
                                 + "\(inputHeight)x\(inputWidth) padded by \(p.description)")
            }
            outputHeight = (inputHeight + p.top + p.bottom - extentY) / strideY + 1
            outputWidth = (inputWidth + p.left + p.right - extentX) / strideX + 1
            (padTop, padLeft) = (p.top, p.left)
            return
        }
        switch padding {
        case .valid:
            guard inputHeight >= extentY, inputWidth >= extentX else {
                let dilated = dilation == (1, 1) ? "" : " (dilated to \(extentY)x\(extentX))"
                throw Problem("\(layer): a \(kernelHeight)x\(kernelWidth) window\(dilated) does not fit an "
                                 + "input of \(inputHeight)x\(inputWidth) with padding \"valid\"; use padding: "
                                 + "\"same\" or a smaller kernel")
            }
            outputHeight = (inputHeight - extentY) / strideY + 1
            outputWidth = (inputWidth - extentX) / strideX + 1
            (padTop, padLeft) = (0, 0)
        case .same:
            outputHeight = (inputHeight + strideY - 1) / strideY
            outputWidth = (inputWidth + strideX - 1) / strideX
            padTop = max((outputHeight - 1) * strideY + extentY - inputHeight, 0) / 2
            padLeft = max((outputWidth - 1) * strideX + extentX - inputWidth, 0) / 2
        }
    }

    /// The geometry of the input gradient of a stride-1 convolution, computed as a convolution itself: the
    /// output gradient (with `filters` channels) correlated with the kernel rotated by 180°, padded so that
    /// every output position that read an input pixel contributes to it. Nil when strides are not 1 or the
    /// kernel is dilated (col2im serves those).
    func transposed(filters: Int) -> WindowGeometry? {
        guard strideY == 1, strideX == 1, !isDilated else { return nil }
        return WindowGeometry(inputHeight: outputHeight, inputWidth: outputWidth, channels: filters,
                              kernelHeight: kernelHeight, kernelWidth: kernelWidth, strideY: 1, strideX: 1,
                              dilationY: 1, dilationX: 1,
                              padTop: kernelHeight - 1 - padTop, padLeft: kernelWidth - 1 - padLeft,
                              outputHeight: inputHeight, outputWidth: inputWidth)
    }

    private init(inputHeight: Int, inputWidth: Int, channels: Int, kernelHeight: Int, kernelWidth: Int,
                 strideY: Int, strideX: Int, dilationY: Int, dilationX: Int, padTop: Int, padLeft: Int,
                 outputHeight: Int, outputWidth: Int) {
        (self.inputHeight, self.inputWidth, self.channels) = (inputHeight, inputWidth, channels)
        (self.dilationY, self.dilationX) = (dilationY, dilationX)
        (self.kernelHeight, self.kernelWidth, self.strideY, self.strideX) = (kernelHeight, kernelWidth, strideY, strideX)
        (self.padTop, self.padLeft, self.outputHeight, self.outputWidth) = (padTop, padLeft, outputHeight, outputWidth)
    }

    var inputSize: Int { inputHeight * inputWidth * channels }
    var isDilated: Bool { dilationY != 1 || dilationX != 1 }
    var outputPixels: Int { outputHeight * outputWidth }
    /// Columns of an im2col row: one window, in Keras' kernel order (ky, kx, channel).
    var patchSize: Int { kernelHeight * kernelWidth * channels }

    /// Copies every window of one NHWC image into a row of `columns` ([outputPixels, patchSize]), zeros
    /// where the window hangs over the padding. A window row (kernelWidth taps × channels) is contiguous in
    /// NHWC, so inside the image each kernel row is one block copy.
    func im2col(image: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        let rowLength = kernelWidth * channels
        forEachKernelRow { offset, y, x0, inside in
            let column = columns + offset
            if y < 0 || y >= inputHeight {
                for i in 0..<rowLength { column[i] = 0 }
            } else if inside {
                column.update(from: image + (y * inputWidth + x0) * channels, count: rowLength)
            } else {
                for kx in 0..<kernelWidth {
                    let x = x0 + kx * dilationX
                    let target = column + kx * channels
                    if x >= 0 && x < inputWidth {
                        let source = image + (y * inputWidth + x) * channels
                        for c in 0..<channels { target[c] = source[c] }
                    } else {
                        for c in 0..<channels { target[c] = 0 }
                    }
                }
            }
        }
    }

    /// The adjoint of `im2col`: adds each row of `columns` back onto the input pixels its window read.
    func col2im(columns: UnsafePointer<Float>, image: UnsafeMutablePointer<Float>) {
        image.update(repeating: 0, count: inputSize)
        let rowLength = kernelWidth * channels
        forEachKernelRow { offset, y, x0, inside in
            guard y >= 0 && y < inputHeight else { return }
            let column = columns + offset
            if inside {
                let target = image + (y * inputWidth + x0) * channels
                for i in 0..<rowLength { target[i] += column[i] }
            } else {
                for kx in 0..<kernelWidth {
                    let x = x0 + kx * dilationX
                    guard x >= 0 && x < inputWidth else { continue }
                    let target = image + (y * inputWidth + x) * channels
                    let source = column + kx * channels
                    for c in 0..<channels { target[c] += source[c] }
                }
            }
        }
    }

    /// The walk `im2col` and `col2im` share: every kernel row of every window, in the columns' order, with its
    /// offset in the columns, its input row `y` (outside 0..<inputHeight over the padding), the window's first
    /// input column `x0`, and whether the kernel row lies wholly inside the image (then it is one block). Inlined,
    /// so each caller's copy loops compile as if written out in its own body.
    @inline(__always)
    private func forEachKernelRow(_ body: (_ offset: Int, _ y: Int, _ x0: Int, _ inside: Bool) -> Void) {
        let rowLength = kernelWidth * channels
        var offset = 0
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                let x0 = ox * strideX - padLeft
                let inside = dilationX == 1 && x0 >= 0 && x0 + kernelWidth <= inputWidth
                for ky in 0..<kernelHeight {
                    body(offset, oy * strideY + ky * dilationY - padTop, x0, inside)
                    offset += rowLength
                }
            }
        }
    }
}
