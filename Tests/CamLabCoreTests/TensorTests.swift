import Testing
import CamLabCore

@Suite struct TensorTests {
    @Test func broadcastingFollowsNumPy() throws {
        let a = Tensor(shape: [2, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [2, 1], scalars: [10, 20])
        let sum = try a + b
        #expect(sum.shape == [2, 2, 3])
        #expect(sum.scalars == [11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26])
        #expect(try (Tensor([1, 2, 3]) * Tensor(scalar: 2)).scalars == [2, 4, 6])
    }

    @Test func incompatibleShapesNameBoth() {
        #expect(throws: Problem("cannot add tensors of shapes (2, 3) and (4,): axis 1 has extents 3 and 4; "
                                    + "extents must be equal or one of them 1")) {
            try Tensor.zeros([2, 3]) + Tensor.zeros([4])
        }
    }

    @Test func reshapeInfersOneDimension() throws {
        let x = Tensor.zeros([6, 28, 28])
        #expect(try x.reshaped([-1, 28, 28, 1]).shape == [6, 28, 28, 1])
        #expect(throws: Problem("cannot reshape a tensor of shape (6, 28, 28) (4704 elements) to (-1, 5)")) {
            try x.reshaped([-1, 5])
        }
        #expect(throws: Problem.self) { try x.reshaped([-1, -1]) }
        // Extents whose product overflows an Int are an error, not a trap.
        #expect(throws: Problem.self) { try x.reshaped([1 << 40, 1 << 40]) }
        #expect(throws: Problem.self) { try x.reshaped([-1, 1 << 40, 1 << 40]) }
    }

    @Test func rowsSlicesAndGathers() throws {
        let x = Tensor(shape: [4, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(try x.row(-1).scalars == [6, 7])
        #expect(try x.slice(1..<3).scalars == [2, 3, 4, 5])
        #expect(try x.slice(3..<10).shape == [1, 2], "bounds clamp like Python slices")
        #expect(x.gatherRows([3, 0]).scalars == [6, 7, 0, 1])
        #expect(x.gatherRows([Int]()).shape == [0, 2])
        // Enough rows for the workers to share the copy (a training batch's gather), repeats included.
        let many = Tensor(shape: [100, 3, 2], scalars: (0..<600).map(Float.init))
        let order = (0..<257).map { ($0 * 37) % 100 }
        let gathered = many.gatherRows(order)
        #expect(gathered.shape == [257, 3, 2])
        #expect(gathered.scalars == order.flatMap { row in (0..<6).map { Float(row * 6 + $0) } })
        #expect(throws: Problem("index 4 is out of range for axis 0 of extent 4 (shape (4, 2))")) { try x.row(4) }
    }

    @Test func reductionsAndArgmax() throws {
        let x = Tensor(shape: [2, 3], scalars: [1, 5, 5, 9, 0, 2])
        #expect(try x.sum(axis: 0).scalars == [10, 5, 7])
        #expect(try x.mean(axis: 1).scalars == [11.0 / 3, 11.0 / 3])
        #expect(try x.argmax(axis: 1).scalars == [1, 0], "first of equal maxima, as NumPy")
        #expect(try x.max(axis: -1).scalars == [5, 9])
        #expect(x.argmaxFlat() == 3)
        #expect(throws: Problem.self) { try x.sum(axis: 2) }
    }

    @Test func matmulAgainstHandProduct() throws {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3, 2], scalars: [7, 8, 9, 10, 11, 12])
        #expect(try a.matmul(b).scalars == [58, 64, 139, 154])
        #expect(throws: Problem.self) { try a.matmul(a) }
    }

    @Test func printsLikeNumPy() {
        #expect(Tensor(shape: [2, 2], scalars: [1, 2.5, -3, 0]).description
                == "tensor([[1, 2.5],\n        [-3, 0]], shape=(2, 2))")
        #expect(formatNumber(0.1) == "0.1")
        #expect(formatNumber(1e-7) == "1e-07")
    }

    @Test func seededGeneratorRepeatsAndSpreads() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42)
        let xs = (0..<1000).map { _ in a.nextUnitFloat() }
        #expect(xs == (0..<1000).map { _ in b.nextUnitFloat() })
        #expect(xs.allSatisfy { $0 >= 0 && $0 < 1 })
        let mean = xs.reduce(0, +) / 1000
        #expect(abs(mean - 0.5) < 0.05)
    }
}
