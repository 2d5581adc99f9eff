import Testing
import CamLabCore
@testable import CamLabNN

/// The AVX2 kernels against the independent 6-loop convolution, and the layer's gradients through them.
@Suite struct DirectConvolutionTests {
    @Test(arguments: [(1, 32), (32, 16), (16, 8), (8, 24), (3, 40)])
    func forwardMatchesDirectLoops(channels: Int, filters: Int) throws {
        #expect(DirectConvolution.cpuSupportsKernels, "this CPU has AVX2+FMA; the kernels must be exercised")
        for (padding, pad) in [(Padding.same, 1), (.valid, 0)] {
            let layer = try Conv2D(filters: filters, kernelSize: (3, 3), padding: padding, activation: .relu)
            var generator = SeededGenerator(seed: UInt64(channels * 100 + filters))
            let out = try layer.build(inputShape: [7, 29, channels], generator: &generator)
            #expect(DirectConvolution.applies(to: try WindowGeometry(input: [7, 29, channels], kernel: (3, 3),
                                                                     strides: (1, 1), padding: padding, layer: "t"),
                                              outputChannels: filters))
            layer.bias.value = Tensor.uniform([filters], low: -0.5, high: 0.5, using: &generator)
            let x = Tensor.uniform([3, 7, 29, channels], low: -1, high: 1, using: &generator)
            let expected = referenceConvolution(x, kernel: layer.kernel.value, bias: layer.bias.value, stride: 1,
                                                padTop: pad, padLeft: pad, outHeight: out[0], outWidth: out[1])
                .map { max($0, 0) }
            let got = layer.forward(x, training: false)
            #expect(got.shape == expected.shape)
            let worst = zip(got.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-4, "\(padding): largest difference \(worst)")
        }
    }

    @Test func gradientsThroughTheKernels() throws {
        // 8 input channels and 8 filters: the forward pass and the input gradient both take the direct path.
        let layer = try Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .tanh)
        #expect(try maxGradientError(of: layer, inputShape: [4, 5, 8]) < 2e-3)
    }
}
