import CamLabCore
import Testing
@testable import CamLabNN

/// The placeholder merge layers (Layers/Merge_placeholder.swift) against finite differences; dropped with them
/// when the layers branch's merges arrive.
@Suite struct MergePlaceholderTests {
    @Test func elementwiseMerges() throws {
        for layer in [Add(), Multiply(), Average()] as [any Layer] {
            #expect(try maxGradientError(of: layer, inputShapes: [[2, 3, 2], [2, 3, 2], [2, 3, 2]]) < 1e-3,
                    "\(layer.typeName)")
        }
        #expect(try maxGradientError(of: Subtract(), inputShapes: [[4], [4]]) < 1e-3)
    }

    @Test(arguments: [-1, 1, 2, 3])
    func concatenate(axis: Int) throws {
        var shapes = [[2, 3, 2], [2, 3, 2]]
        shapes[1][(axis < 0 ? 3 + axis + 1 : axis) - 1] = 4
        let layer = Concatenate(axis: axis)
        #expect(try maxGradientError(of: layer, inputShapes: shapes) < 1e-3)
    }

    @Test func concatenateJoinsEachExampleAlongTheAxis() throws {
        let layer = Concatenate()
        var generator = SeededGenerator(seed: 0)
        #expect(try layer.build(inputShapes: [[1, 2], [1, 1]], generator: &generator) == [1, 3])
        let a = Tensor(shape: [2, 1, 2], scalars: [1, 2, 3, 4]), b = Tensor(shape: [2, 1, 1], scalars: [9, 8])
        #expect(layer.run([a, b]).output == Tensor(shape: [2, 1, 3], scalars: [1, 2, 9, 3, 4, 8]))
    }

    @Test func mismatchedShapesAreRefused() {
        var generator = SeededGenerator(seed: 0)
        #expect(throws: ModelError.self) { try Add().build(inputShapes: [[2, 2], [2, 3]], generator: &generator) }
        #expect(throws: ModelError.self) {
            try Concatenate().build(inputShapes: [[2, 2], [3, 2]], generator: &generator)
        }
    }
}
