import Testing
import CamLabCore
@testable import CamLabNN

/// Every kernel path this CPU runs — each instruction set at widths 8 and 16, direct and Winograd F(2×2) and
/// F(4×4) — against the independent 6-loop convolution, against finite differences, and against the plain
/// im2col + sgemm reference on the walkthrough's layers. The path is a per-layer choice, so these run in
/// parallel with every other test without touching shared state.
@Suite struct KernelPathTests {
    static let paths = KernelPath.runnableHere.filter { $0 != .reference }

    @Test func everyInstructionSetThisCPUHasIsTested() {
        #expect(KernelPath.best.runsHere)
        #expect(Self.paths.contains { $0.instructionSet == .portable && $0.width == 16 })
        if KernelPath(.avx2).runsHere {
            #expect(KernelPath.best.instructionSet != .portable, "an AVX2 CPU must not run the portable kernels")
            #expect(Self.paths.contains { $0.instructionSet == .avx2 && $0.width == 16 },
                    "the 16-wide AVX2 instance runs the AVX-512 kernels' index logic")
        }
        if KernelPath(.avx512, width: 16).runsHere { #expect(KernelPath.best == KernelPath(.avx512, width: 16)) }
    }

    /// Shapes that run every register block (1 to 4 vectors of filters, full blocks and remainders), filters
    /// beyond one slice of 4 vectors (48), channel counts that do and do not allow Winograd (and each that has its
    /// own copy of the Winograd driver), tiles that hang over the edge of a 7×29 image.
    static let forwardCases: [(channels: Int, filters: Int, padding: Padding)] =
        [(1, 32), (32, 16), (16, 8), (8, 24), (3, 40), (8, 48), (64, 16), (24, 16)].flatMap { c, f in [(c, f, .same), (c, f, .valid)] }

    /// Each case's layer weights, input and the 6-loop result, computed once for all paths.
    static let forwardExpectations: [(kernel: Tensor, bias: Tensor, x: Tensor, expected: Tensor)] =
        forwardCases.map { channels, filters, padding in
            let layer = try! Conv2D(filters: filters, kernelSize: (3, 3), padding: padding, activation: .relu)
            var generator = SeededGenerator(seed: UInt64(channels * 100 + filters))
            let out = try! layer.build(inputShape: [7, 29, channels], generator: &generator)
            let bias = Tensor.uniform([filters], low: -0.5, high: 0.5, using: &generator)
            let x = Tensor.uniform([3, 7, 29, channels], low: -1, high: 1, using: &generator)
            let pad = padding == .same ? 1 : 0
            let expected = referenceConvolution(x, kernel: layer.kernel.value, bias: bias, stride: 1, padTop: pad,
                                                padLeft: pad, outHeight: out[0], outWidth: out[1]).map { max($0, 0) }
            return (layer.kernel.value, bias, x, expected)
        }

    @Test(arguments: paths)
    func forwardMatchesTheSixLoopConvolution(path: KernelPath) throws {
        for ((channels, filters, padding), (kernel, bias, x, expected)) in zip(Self.forwardCases, Self.forwardExpectations) {
            let layer = try Conv2D(filters: filters, kernelSize: (3, 3), padding: padding, activation: .relu)
            layer.kernelPath = path
            var generator = SeededGenerator(seed: 0)
            _ = try layer.build(inputShape: [7, 29, channels], generator: &generator)
            (layer.kernel.value, layer.bias.value) = (kernel, bias)
            let got = layer.run([x]).output
            #expect(got.shape == expected.shape)
            let worst = zip(got.scalars, expected.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-4, "\(path), \(channels)→\(filters), \(padding): largest difference \(worst)")
        }
    }

    /// With 8k channels the Winograd paths run for the kernel and input gradients too; (1, 16) takes the direct
    /// kernels, (5, 8) the reference for its input gradient. A smooth activation keeps the finite differences
    /// off ReLU's kink; ReLU's own backward pass is checked in `LayerGradientTests` and against the reference
    /// below.
    @Test(arguments: paths)
    func gradientsMatchFiniteDifferences(path: KernelPath) throws {
        for (channels, filters) in [(8, 8), (1, 16), (16, 24), (5, 8)] {
            let layer = try Conv2D(filters: filters, kernelSize: (3, 3), padding: .same, activation: .tanh)
            layer.kernelPath = path
            let error = try maxGradientError(of: layer, inputShape: [5, 4, channels], batch: 1)
            #expect(error < 2e-3, "\(path), \(channels)→\(filters): relative error \(error)")
        }
    }

    /// The walkthrough's layers on three images: output and every parameter gradient.
    static func walkthroughLayers(_ path: KernelPath) throws -> [Tensor] {
        var generator = SeededGenerator(seed: 21)
        let x = Tensor.uniform([3, 28, 28, 1], using: &generator)
        let model = try Model(inputShape: [28, 28, 1], layers: [
            Conv2D(filters: 32, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
            Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
            Flatten(), Dense(units: 10, activation: .softmax)], seed: 3)
        for case let layer as Conv2D in model.layers { layer.kernelPath = path }
        let pass = ForwardPass(model: model, input: x, training: true)
        let gradients = Gradients(for: model.parameters)
        _ = pass.backward(from: NodeValue(node: model.outputNode), seed: Tensor(repeating: 0.1, shape: pass.output.shape),
                          parameterGradients: gradients)
        return [pass.output] + model.parameters.map { gradients[$0] }
    }

    static let referenceWalkthroughLayers = try! walkthroughLayers(.reference)

    @Test(arguments: paths)
    func theWalkthroughLayersAgreeWithTheReferencePath(path: KernelPath) throws {
        for (a, b) in zip(try Self.walkthroughLayers(path), Self.referenceWalkthroughLayers) {
            let scale = b.scalars.map(abs).max() ?? 1
            let worst = zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
            #expect(worst <= 1e-4 * max(scale, 1), "\(path): largest difference \(worst) on values up to \(scale)")
        }
    }

    /// Winograd's stated bound (see `Winograd`): |error| ≤ bound · 9C · max|x| · max|w| against an exact
    /// (double-precision) convolution, on a layer wide enough for the error to build up, with an offset input
    /// (all positive, the harder case for cancellation in the transforms).
    @Test(arguments: [2, 4])
    func winogradStaysWithinItsErrorBound(tile: Int) throws {
        let (channels, filters) = (64, 32)
        let layer = try Conv2D(filters: filters, kernelSize: (3, 3), padding: .same, useBias: false)
        layer.kernelPath = KernelPath(KernelPath.best.instructionSet, width: KernelPath.best.width, winogradTile: tile)
        var generator = SeededGenerator(seed: 9)
        _ = try layer.build(inputShape: [12, 12, channels], generator: &generator)
        let x = Tensor.uniform([2, 12, 12, channels], low: 0, high: 1, using: &generator)
        let got = layer.run([x]).output
        let exact = exactConvolution(x, kernel: layer.kernel.value)
        let scale = Float(9 * channels) * (x.scalars.max() ?? 1) * (layer.kernel.value.scalars.map(abs).max() ?? 1)
        let worst = zip(got.scalars, exact).map { Float(abs(Double($0) - $1)) }.max() ?? 0
        #expect(worst <= Winograd.relativeErrorBound(tile: tile) * scale,
                "F(\(tile)×\(tile)): error \(worst) against a bound of \(Winograd.relativeErrorBound(tile: tile) * scale)")
    }

    @Test func trainingTwiceFromTheSameSeedGivesTheSameWeights() throws {
        var generator = SeededGenerator(seed: 4)
        let x = Tensor.uniform([40, 12, 12, 1], using: &generator)
        let y = Tensor((0..<40).map { Float($0 % 10) })
        func train() throws -> [Float] {
            let model = try Model(inputShape: [12, 12, 1], layers: [
                Conv2D(filters: 16, kernelSize: (3, 3), padding: .same, activation: .relu),
                Conv2D(filters: 8, kernelSize: (3, 3), padding: .same, activation: .relu),
                Flatten(), Dense(units: 10, activation: .softmax)], seed: 5)
            model.compile(optimizer: Adam(), loss: .sparseCategoricalCrossentropy)
            try model.fit(x: x, y: y, batchSize: 16, epochs: 2)
            return model.parameters.flatMap(\.value.scalars)
        }
        #expect(try train() == train())
    }
}

/// A 3×3 'same' convolution in double precision, as the exact value Winograd's error is measured against.
func exactConvolution(_ x: Tensor, kernel: Tensor) -> [Double] {
    let (n, h, w, c) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let f = kernel.shape[3]
    var out = [Double](repeating: 0, count: n * h * w * f)
    for b in 0..<n { for oy in 0..<h { for ox in 0..<w { for ky in 0..<3 { for kx in 0..<3 {
        let (y, xx) = (oy + ky - 1, ox + kx - 1)
        guard y >= 0, y < h, xx >= 0, xx < w else { continue }
        for ch in 0..<c {
            let value = Double(x.scalars[((b * h + y) * w + xx) * c + ch])
            for o in 0..<f {
                out[((b * h + oy) * w + ox) * f + o] += value * Double(kernel.scalars[((ky * 3 + kx) * c + ch) * f + o])
            }
        }
    } } } } }
    return out
}
