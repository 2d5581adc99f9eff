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

        var y = [Double](repeating: 0, count: rows * units), yMagnitude = y
        for n in 0..<rows {
            for u in 0..<units {
                var s = d(bias, u), m = abs(d(bias, u))
                for f in 0..<features {
                    s += d(x, n * features + f) * d(kernel, f * units + u)
                    m += abs(d(x, n * features + f) * d(kernel, f * units + u))
                }
                (y[n * units + u], yMagnitude[n * units + u]) = (s, m)
            }
        }
        Self.expectClose(DenseProducts.forward(x, kernel: kernel, bias: bias).scalars, y, yMagnitude, "y")
        let unbiased = DenseProducts.forward(x, kernel: kernel, bias: nil).scalars
        Self.expectClose(unbiased, (0..<(rows * units)).map { y[$0] - d(bias, $0 % units) }, yMagnitude, "y without bias")

        var dw = [Double](repeating: 0, count: features * units), dwMagnitude = dw
        for f in 0..<features {
            for u in 0..<units {
                for n in 0..<rows {
                    dw[f * units + u] += d(x, n * features + f) * d(dy, n * units + u)
                    dwMagnitude[f * units + u] += abs(d(x, n * features + f) * d(dy, n * units + u))
                }
            }
        }
        Self.expectClose(DenseProducts.kernelGradient(input: x, outputGradient: dy), dw, dwMagnitude, "dW")

        var dx = [Double](repeating: 0, count: rows * features), dxMagnitude = dx
        for n in 0..<rows {
            for f in 0..<features {
                for u in 0..<units {
                    dx[n * features + f] += d(dy, n * units + u) * d(kernel, f * units + u)
                    dxMagnitude[n * features + f] += abs(d(dy, n * units + u) * d(kernel, f * units + u))
                }
            }
        }
        Self.expectClose(DenseProducts.inputGradient(outputGradient: dy, kernel: kernel).scalars, dx, dxMagnitude, "dX")
    }

    /// The narrow kernels add each sum's terms in one order whatever the register blocks: a row's outputs do not
    /// depend on which rows share its pass, or on how many rows the batch has.
    @Test func aRowsOutputsDoNotDependOnItsNeighbours() throws {
        var generator = SeededGenerator(seed: 42)
        let (features, units) = (1_030, 10)
        let x = Tensor(shape: [5, features], scalars: Self.random(5 * features, &generator))
        let kernel = Tensor(shape: [features, units], scalars: Self.random(features * units, &generator))
        let all = DenseProducts.forward(x, kernel: kernel, bias: nil).scalars
        for n in 0..<5 {
            let alone = DenseProducts.forward(try x.slice(n..<(n + 1)), kernel: kernel, bias: nil).scalars
            #expect(alone.map(\.bitPattern) == Array(all[(n * units)..<((n + 1) * units)]).map(\.bitPattern))
        }
    }
}
