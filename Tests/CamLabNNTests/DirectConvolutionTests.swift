import Testing
import CamLabCore
@testable import CamLabNN

/// The AVX2 kernels against the independent 6-loop convolution, and the layer's gradients through them.
@Suite(.serialized) struct DirectConvolutionTests {
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

    /// Channels and filters chosen so every block shape of the kernel-gradient sweep runs, full blocks and
    /// remainders; with 8k channels the input gradient takes the direct path too.
    @Test(arguments: [(8, 8), (1, 16), (3, 32), (16, 24), (5, 8)])
    func gradientsThroughTheKernels(channels: Int, filters: Int) throws {
        let layer = try Conv2D(filters: filters, kernelSize: (3, 3), padding: .same, activation: .tanh)
        #expect(try maxGradientError(of: layer, inputShape: [4, 5, channels], batch: 1) < 2e-3)
    }

    @Test func bothPathsAgreeOnTheReferenceLayers() throws {
        var generator = SeededGenerator(seed: 21)
        let x = Tensor.uniform([2, 28, 28, 1], using: &generator)
        func run() throws -> [Tensor] {
            let model = try Sequential(inputShape: [28, 28, 1], layers: [
                Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
                Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
                Flatten(), Dense(units: 10, activation: .softmax)], seed: 3)
            let output = try model.forward(x, training: true)
            model.backward(Tensor(repeating: 0.1, shape: output.shape), preActivation: false)
            return [output] + model.parameters.map(\.gradient)
        }
        let direct = try run()
        DirectConvolution.enabled = false
        defer { DirectConvolution.enabled = true }
        let viaBLAS = try run()
        for (a, b) in zip(direct, viaBLAS) {
            let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(worst < 1e-4)
        }
    }
}
