import Testing
import CamLabCore
@testable import CamLabNN

/// A direct 6-loop convolution, independent of im2col and BLAS.
func referenceConvolution(_ x: Tensor, kernel: Tensor, bias: Tensor, stride: Int, padTop: Int, padLeft: Int,
                          outHeight: Int, outWidth: Int) -> Tensor {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (kh, kw, f) = (kernel.shape[0], kernel.shape[1], kernel.shape[3])
    var out = Tensor.zeros([n, outHeight, outWidth, f])
    for b in 0..<n { for oy in 0..<outHeight { for ox in 0..<outWidth { for o in 0..<f {
        var sum = bias.scalars[o]
        for ky in 0..<kh { for kx in 0..<kw {
            let y = oy * stride + ky - padTop, xx = ox * stride + kx - padLeft
            guard y >= 0, y < h, xx >= 0, xx < w else { continue }
            for ch in 0..<c {
                sum += x.scalars[((b * h + y) * w + xx) * c + ch] * kernel.scalars[((ky * kw + kx) * c + ch) * f + o]
            }
        } }
        out.scalars[((b * outHeight + oy) * outWidth + ox) * f + o] = sum
    } } } }
    return out
}

@Suite struct ConvolutionTests {
    @Test func sameMatchesDirectConvolutionAndTensorFlowPadding() throws {
        let layer = try Conv2D(filters: 3, kernelSize: (3, 3), strides: (2, 2), padding: .same)
        var generator = SeededGenerator(seed: 5)
        // TF SAME with stride 2 on 6 columns pads 0 left and 1 right; on 5 rows pads 1 top and 1 bottom.
        #expect(try layer.build(inputShape: [5, 6, 2], generator: &generator) == [3, 3, 3])
        layer.bias.value = Tensor([0.1, -0.2, 0.3])
        let x = Tensor.uniform([2, 5, 6, 2], low: -1, high: 1, using: &generator)
        let expected = referenceConvolution(x, kernel: layer.kernel.value, bias: layer.bias.value, stride: 2,
                                            padTop: 1, padLeft: 0, outHeight: 3, outWidth: 3)
        let got = layer.run([x]).output
        #expect(got.shape == expected.shape)
        #expect(zip(got.scalars, expected.scalars).allSatisfy { abs($0 - $1) < 1e-5 })
    }

    @Test func glorotUniformBoundsAndZeroBias() throws {
        let layer = try Conv2D(filters: 32, kernelSize: (3, 3))
        var generator = SeededGenerator(seed: 1)
        _ = try layer.build(inputShape: [28, 28, 1], generator: &generator)
        let limit = (6 / Float(9 * 1 + 9 * 32)).squareRoot()
        #expect(layer.kernel.value.scalars.allSatisfy { abs($0) <= limit })
        #expect(layer.kernel.value.scalars.max()! > 0.8 * limit, "values spread over the whole range")
        #expect(layer.bias.value.scalars.allSatisfy { $0 == 0 })
    }

    @Test func validPaddingThatCannotFitIsAnError() throws {
        let model = try Model(inputShape: [2, 2, 1])
        #expect(throws: Problem.self) { try model.add(Conv2D(filters: 1, kernelSize: (3, 3))) }
    }
}
