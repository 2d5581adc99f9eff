import CamLabCore

/// How Keras pads a convolution or pooling window.
public enum Padding: String, CaseIterable, Sendable {
    /// No padding: the window stays inside the input; out = floor((in - k) / s) + 1.
    case valid
    /// TensorFlow's SAME: out = ceil(in / s), zeros added evenly with the odd one at the bottom/right.
    case same
}

/// The index arithmetic shared by convolution and pooling: where each output pixel's window lies in the input.
struct WindowGeometry: Sendable {
    let inputHeight, inputWidth, channels: Int
    let kernelHeight, kernelWidth: Int
    let strideY, strideX: Int
    let padTop, padLeft: Int
    let outputHeight, outputWidth: Int

    init(input: [Int], kernel: (Int, Int), strides: (Int, Int), padding: Padding, layer: String) throws {
        guard input.count == 3 else {
            throw ModelError("\(layer) expects inputs of shape (height, width, channels), got "
                             + "\(input.shapeDescription); add a Reshape/Input of rank 3 before it")
        }
        (inputHeight, inputWidth, channels) = (input[0], input[1], input[2])
        (kernelHeight, kernelWidth) = kernel
        (strideY, strideX) = strides
        switch padding {
        case .valid:
            guard inputHeight >= kernelHeight, inputWidth >= kernelWidth else {
                throw ModelError("\(layer): a \(kernelHeight)x\(kernelWidth) window does not fit an input of "
                                 + "\(inputHeight)x\(inputWidth) with padding \"valid\"; use padding: \"same\" "
                                 + "or a smaller kernel")
            }
            outputHeight = (inputHeight - kernelHeight) / strideY + 1
            outputWidth = (inputWidth - kernelWidth) / strideX + 1
            (padTop, padLeft) = (0, 0)
        case .same:
            outputHeight = (inputHeight + strideY - 1) / strideY
            outputWidth = (inputWidth + strideX - 1) / strideX
            padTop = max((outputHeight - 1) * strideY + kernelHeight - inputHeight, 0) / 2
            padLeft = max((outputWidth - 1) * strideX + kernelWidth - inputWidth, 0) / 2
        }
    }

    var inputSize: Int { inputHeight * inputWidth * channels }
    var outputPixels: Int { outputHeight * outputWidth }
    /// Columns of an im2col row: one window, in Keras' kernel order (ky, kx, channel).
    var patchSize: Int { kernelHeight * kernelWidth * channels }

    /// Copies every window of one NHWC image into a row of `columns` ([outputPixels, patchSize]), zeros
    /// where the window hangs over the padding. Channels are contiguous, so each kernel tap is one block copy.
    func im2col(image: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        var row = columns
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                var column = row
                for ky in 0..<kernelHeight {
                    let y = oy * strideY + ky - padTop
                    for kx in 0..<kernelWidth {
                        let x = ox * strideX + kx - padLeft
                        if y >= 0 && y < inputHeight && x >= 0 && x < inputWidth {
                            column.update(from: image + (y * inputWidth + x) * channels, count: channels)
                        } else {
                            column.update(repeating: 0, count: channels)
                        }
                        column += channels
                    }
                }
                row += patchSize
            }
        }
    }

    /// The adjoint of `im2col`: adds each row of `columns` back onto the input pixels its window read.
    func col2im(columns: UnsafePointer<Float>, image: UnsafeMutablePointer<Float>) {
        image.update(repeating: 0, count: inputSize)
        var row = columns
        for oy in 0..<outputHeight {
            for ox in 0..<outputWidth {
                var column = row
                for ky in 0..<kernelHeight {
                    let y = oy * strideY + ky - padTop
                    for kx in 0..<kernelWidth {
                        let x = ox * strideX + kx - padLeft
                        if y >= 0 && y < inputHeight && x >= 0 && x < inputWidth {
                            let target = image + (y * inputWidth + x) * channels
                            for c in 0..<channels { target[c] += column[c] }
                        }
                        column += channels
                    }
                }
                row += patchSize
            }
        }
    }
}
