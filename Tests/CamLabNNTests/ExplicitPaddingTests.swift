import Testing
import CamLabCore
@testable import CamLabNN

// Padding given side by side (as ONNX files give it, e.g. PyTorch's top-left padding of a strided convolution)
// against a plain loop over the padded image, on every kernel path, and through the backward pass.
@Suite struct ExplicitPaddingTests {
    /// Σ over the window of x·w, zeros outside the image: the definition, in double precision.
    func naiveConvolution(_ x: Tensor, kernel: Tensor, bias: [Float], strides: (Int, Int),
                          padding p: ExplicitPadding, dilation: (Int, Int) = (1, 1)) -> Tensor {
        let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, f) = (kernel.shape[0], kernel.shape[1], kernel.shape[3])
        let oh = (h + p.top + p.bottom - dilation.0 * (kh - 1) - 1) / strides.0 + 1
        let ow = (w + p.left + p.right - dilation.1 * (kw - 1) - 1) / strides.1 + 1
        var out = [Float](repeating: 0, count: n * oh * ow * f)
        for b in 0..<n { for oy in 0..<oh { for ox in 0..<ow { for o in 0..<f {
            var sum = Double(bias[o])
            for ky in 0..<kh { for kx in 0..<kw {
                let y = oy * strides.0 + ky * dilation.0 - p.top, xx = ox * strides.1 + kx * dilation.1 - p.left
                guard (0..<h).contains(y), (0..<w).contains(xx) else { continue }
                for i in 0..<c {
                    sum += Double(x.scalars[((b * h + y) * w + xx) * c + i])
                        * Double(kernel.scalars[((ky * kw + kx) * c + i) * f + o])
                }
            } }
            out[((b * oh + oy) * ow + ox) * f + o] = Float(sum)
        } } } }
        return Tensor(shape: [n, oh, ow, f], scalars: out)
    }

    @Test(arguments: [
        // (channels, filters, kernel, strides, dilation, padding top, bottom, left, right)
        (8, 8, 3, 1, 1, 1, 1, 1, 1),   // Winograd / direct paths where the CPU has them
        (8, 16, 3, 1, 1, 2, 0, 0, 2),  // lopsided
        (3, 4, 3, 2, 1, 1, 1, 1, 1),   // PyTorch's strided padding 1: the bottom row of padding unused
        (3, 4, 5, 2, 1, 2, 1, 0, 3),
        (3, 4, 3, 1, 2, 2, 2, 1, 2),   // dilated
    ])
    func convolutionMatchesTheDefinition(_ c: (Int, Int, Int, Int, Int, Int, Int, Int, Int)) throws {
        let padding = ExplicitPadding(top: c.5, bottom: c.6, left: c.7, right: c.8)
        var generator = SeededGenerator(seed: 5)
        let x = Tensor.uniform([2, 9, 10, c.0], low: -1, high: 1, using: &generator)
        for path in KernelPath.runnableHere {
            let layer = try Conv2D(filters: c.1, kernelSize: (c.2, c.2), strides: (c.3, c.3), explicitPadding: padding,
                                   dilationRate: (c.4, c.4))
            layer.kernelPath = path
            _ = try layer.build(inputShape: [9, 10, c.0], generator: &generator)
            layer.bias.value = Tensor.uniform([c.1], low: -0.5, high: 0.5, using: &generator)
            let want = naiveConvolution(x, kernel: layer.kernel.value, bias: layer.bias.value.scalars,
                                        strides: (c.3, c.3), padding: padding, dilation: (c.4, c.4))
            let got = layer.run([x]).output
            #expect(got.shape == want.shape)
            let error = zip(got.scalars, want.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(error < 1e-4, "\(path): \(error)")
        }
    }

    @Test func convolutionGradientsMatchFiniteDifferences() throws {
        for (strides, padding) in [((1, 1), ExplicitPadding(top: 2, bottom: 0, left: 1, right: 2)),
                                   ((2, 2), ExplicitPadding(top: 1, bottom: 1, left: 1, right: 1))] {
            let layer = try Conv2D(filters: 3, kernelSize: (3, 3), strides: strides, explicitPadding: padding)
            let error = try maxGradientError(of: layer, inputShape: [5, 6, 2])
            print("finite differences: Conv2D padding \(padding) strides \(strides) \(error)")
            #expect(error < 1e-3)
        }
    }

    @Test func poolingWindowsStayInsideTheImage() throws {
        // 3×3 max pooling, stride 2, padding 1 on a 4×4 image (ResNet's stem): windows rows -1...1 and 1...3.
        let x = Tensor(shape: [1, 4, 4, 1], scalars: (0..<16).map { -Float($0) })
        let padding = ExplicitPadding(top: 1, bottom: 1, left: 1, right: 1)
        let pool = try MaxPooling2D(poolSize: (3, 3), strides: (2, 2), explicitPadding: padding)
        var generator = SeededGenerator(seed: 0)
        _ = try pool.build(inputShapes: [[4, 4, 1]], generator: &generator)
        // Values are negative: a zero-padded maximum would be 0.
        #expect(pool.run([x]).output.scalars == [0, -1, -4, -5])
        let average = try AveragePooling2D(poolSize: (3, 3), strides: (2, 2), explicitPadding: padding)
        _ = try average.build(inputShapes: [[4, 4, 1]], generator: &generator)
        // Each window's mean over its positions inside the image (PyTorch's count_include_pad=False).
        #expect(average.run([x]).output.scalars == [-2.5, -4, -8.5, -10])
        for layer in [pool, average] as [any Layer] {
            let distinct = Tensor(shape: [2, 5, 6, 2], scalars: (0..<120).map { Float($0 * 37 % 120) * 0.1 })
            let error = try maxGradientError(of: layer, inputShape: [5, 6, 2], input: distinct)
            #expect(error < 1e-3, "\(layer.typeName): \(error)")
        }
    }

    @Test func paddingAsWideAsTheWindowIsRefused() throws {
        let padding = ExplicitPadding(top: 3, bottom: 0, left: 0, right: 0)
        let layer = try Conv2D(filters: 2, kernelSize: (3, 3), explicitPadding: padding)
        var generator = SeededGenerator(seed: 0)
        #expect(throws: Problem("Conv2D '': padding ((3, 0), (0, 0)) must be at least 0 and smaller than the 3x3 "
                                   + "window on each side")) {
            _ = try layer.build(inputShape: [5, 5, 1], generator: &generator)
        }
    }
}
