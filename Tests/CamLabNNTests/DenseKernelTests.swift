import Testing
import CamLabCore
@testable import CamLabNN

/// A dense layer with up to `DenseProducts.narrowUnits` units runs CamLab's own kernels (in register blocks of 2
/// rows or 16 features × up to 6 units, over blocks of 512 features); wider ones run BLAS. Both are checked here
/// against sums in Double, at shapes that leave every kind of remainder: odd rows, features short of a vector,
/// of a 16-feature run and of a 512-feature block, and unit counts that split into unequal runs.
@Suite struct DenseKernelTests {
    static let shapes: [(rows: Int, features: Int, units: Int)] = [
        (1, 1, 1), (2, 7, 3), (3, 8, 10), (5, 17, 5), (4, 513, 12), (3, 1_030, 7), (7, 1_100, 10), (4, 40, 13),
    ]

    static func random(_ count: Int, _ generator: inout SeededGenerator) -> [Float] {
        (0..<count).map { _ in Float.random(in: -1...1, using: &generator) }
    }

    /// |computed − exact| within a few roundings of the sum of the terms' magnitudes.
    static func expectClose(_ computed: [Float], _ exact: [Double], _ magnitude: [Double], _ what: String) {
        #expect(computed.count == exact.count, "\(what): \(computed.count) values, expected \(exact.count)")
        for i in exact.indices where abs(Double(computed[i]) - exact[i]) > 2e-6 * magnitude[i] + 1e-12 {
            Issue.record("\(what)[\(i)] = \(computed[i]), expected \(exact[i])")
            return
        }
    }

    @Test(arguments: shapes.indices)
    func productsEqualSumsInDouble(shapeIndex: Int) throws {
        let (rows, features, units) = Self.shapes[shapeIndex]
        var generator = SeededGenerator(seed: UInt64(shapeIndex + 1))
        let x = Tensor(shape: [rows, features], scalars: Self.random(rows * features, &generator))
        let kernel = Tensor(shape: [features, units], scalars: Self.random(features * units, &generator))
        let bias = Tensor(shape: [units], scalars: Self.random(units, &generator))
        let dy = Tensor(shape: [rows, units], scalars: Self.random(rows * units, &generator))
        func d(_ t: Tensor, _ i: Int) -> Double { Double(t.scalars[i]) }

        // y = bias + x · kernel, dW = xᵀ · dy, dX = dy · kernelᵀ.
        let (xw, xwMagnitude) = Self.product(rows, units, features) { d(x, $0 * features + $2) } _: {
            d(kernel, $2 * units + $1)
        }
        let y = (0..<(rows * units)).map { xw[$0] + d(bias, $0 % units) }
        let yMagnitude = (0..<(rows * units)).map { xwMagnitude[$0] + abs(d(bias, $0 % units)) }
        let packing = DensePacking()
        Self.expectClose(DenseProducts.forward(x, kernel: kernel, bias: bias, packing: packing).scalars, y, yMagnitude,
                         "y")
        Self.expectClose(DenseProducts.forward(x, kernel: kernel, bias: nil, packing: packing).scalars, xw,
                         xwMagnitude, "x · kernel")

        let (dw, dwMagnitude) = Self.product(features, units, rows) { d(x, $2 * features + $0) } _: {
            d(dy, $2 * units + $1)
        }
        Self.expectClose(DenseProducts.kernelGradient(input: x, outputGradient: dy), dw, dwMagnitude, "dW")

        let (dx, dxMagnitude) = Self.product(rows, features, units) { d(dy, $0 * units + $2) } _: {
            d(kernel, $1 * units + $2)
        }
        Self.expectClose(DenseProducts.inputGradient(outputGradient: dy, kernel: kernel, packing: packing).scalars, dx,
                         dxMagnitude, "dX")
    }

    /// C[i][j] = Σ_k a(i, j, k) · b(i, j, k) in Double, row-major (m, n), and Σ_k |a · b| beside it.
    static func product(_ m: Int, _ n: Int, _ k: Int, _ a: (Int, Int, Int) -> Double, _ b: (Int, Int, Int) -> Double)
        -> (values: [Double], magnitudes: [Double]) {
        var values = [Double](repeating: 0, count: m * n), magnitudes = values
        for i in 0..<m {
            for j in 0..<n {
                for l in 0..<k {
                    let term = a(i, j, l) * b(i, j, l)
                    values[i * n + j] += term
                    magnitudes[i * n + j] += abs(term)
                }
            }
        }
        return (values, magnitudes)
    }

    /// The narrow kernels add each sum's terms in one order whatever the register blocks: a row's outputs do not
    /// depend on which rows share its pass, or on how many rows the batch has.
    @Test func aRowsOutputsDoNotDependOnItsNeighbours() throws {
        var generator = SeededGenerator(seed: 42)
        let (features, units) = (1_030, 10)
        let x = Tensor(shape: [5, features], scalars: Self.random(5 * features, &generator))
        let kernel = Tensor(shape: [features, units], scalars: Self.random(features * units, &generator))
        let packing = DensePacking()
        let all = DenseProducts.forward(x, kernel: kernel, bias: nil, packing: packing).scalars
        for n in 0..<5 {
            let row = try x.slice(n..<(n + 1))
            let alone = DenseProducts.forward(row, kernel: kernel, bias: nil, packing: packing).scalars
            #expect(alone.map(\.bitPattern) == Array(all[(n * units)..<((n + 1) * units)]).map(\.bitPattern))
        }
    }

    /// A layer keeps its kernel's packing between calls; a kernel updated in place, as the optimizer updates it,
    /// is packed again.
    @Test func aKernelUpdatedInPlaceIsPackedAgain() {
        var generator = SeededGenerator(seed: 43)
        let (features, units) = (40, 10)
        let x = Tensor(shape: [3, features], scalars: Self.random(3 * features, &generator))
        var kernel = Tensor(shape: [features, units], scalars: Self.random(features * units, &generator))
        let packing = DensePacking()
        let before = DenseProducts.forward(x, kernel: kernel, bias: nil, packing: packing)
        kernel.scalars.withUnsafeMutableBufferPointer { $0[0] += 1 }
        let after = DenseProducts.forward(x, kernel: kernel, bias: nil, packing: packing)
        #expect(after == DenseProducts.forward(x, kernel: kernel, bias: nil, packing: DensePacking()))
        #expect(after != before)
    }
}
