import Testing
import CamLabCore
@testable import CamLabNN

// "three animals" from the scikit-learn fixtures, counted by hand: row = true class, column = prediction.
let animalLabels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2]
let animalPredictions = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 0, 2, 2, 2, 0, 1]

@Test func countsTruePredictedPairs() throws {
    let matrix = try ConfusionMatrix(labels: animalLabels, predictions: animalPredictions,
                                     classNames: ["cat", "dog", "bird"])
    #expect(matrix.counts == [[5, 1, 0], [1, 3, 1], [1, 1, 3]])
    #expect(matrix.support == [6, 5, 5])
    #expect(matrix.predictedCounts == [7, 5, 4])
    #expect(matrix.truePositives == [5, 3, 3])
    #expect(matrix.total == 16)
}

@Test func rendersAnAlignedTable() throws {
    let matrix = try ConfusionMatrix(labels: animalLabels + [Int](repeating: 1, count: 120),
                                     predictions: animalPredictions + [Int](repeating: 1, count: 120),
                                     classNames: ["cat", "dog", "a long bird"])
    #expect(matrix.table == """
        true \\ predicted  cat  dog  a long bird
                     cat    5    1            0
                     dog    1  123            1
             a long bird    1    1            3
        """)
    let unnamed = try ConfusionMatrix(labels: [0, 1, 1], predictions: [1, 1, 0])
    #expect(unnamed.description == """
        true \\ predicted  0  1
                       0  0  1
                       1  1  1
        """)
}

@Test func acceptsTensorsOfIDsOrScores() throws {
    let labels = Tensor([0, 1, 1])
    let scores = Tensor(shape: [3, 2], scalars: [0.9, 0.1, 0.4, 0.6, 0.7, 0.3])
    let matrix = try ConfusionMatrix(labels: labels, predictions: scores)
    #expect(matrix.counts == [[1, 0], [1, 1]])
    let columnLabels = Tensor(shape: [3, 1], scalars: [0, 1, 1])
    #expect(try ConfusionMatrix(labels: columnLabels, predictions: Tensor([0, 1, 0])) == matrix)
}

@Test func badInputIsReportedNotTrapped() {
    func message(_ body: () throws -> Void) -> String? {
        do { try body() } catch let error as Problem { return error.message } catch { return "\(error)" }
        return nil
    }
    #expect(message { _ = try ConfusionMatrix(labels: [0, 1], predictions: [0]) }
            == "labels and predictions differ in length: 2 labels, 1 predictions")
    #expect(message { _ = try ConfusionMatrix(labels: [], predictions: []) }
            == "no labels to score: labels and predictions are empty")
    #expect(message { _ = try ConfusionMatrix(labels: [0, -1], predictions: [0, 0]) }
            == "labels[1] is -1; class ids start at 0")
    #expect(message { _ = try ConfusionMatrix(labels: [0, 1], predictions: [0, 3], classNames: ["a", "b"]) }
            == "predictions[1] is class 3, but there are only 2 class names (ids 0...1)")
    #expect(message { _ = try ConfusionMatrix(labels: Tensor([0, 1.5]), predictions: Tensor([0, 1])) }
            == "labels[1] is 1.5, not a class id (a whole number 0, 1, 2, …)")
    #expect(message { _ = try ConfusionMatrix(labels: Tensor.zeros([2, 2, 2]), predictions: Tensor([0, 1])) }
            == "labels must have shape (N,) of class ids or (N, classes) of scores, got (2, 2, 2)")
    #expect(message { _ = try ConfusionMatrix(labels: [0, 5000], predictions: [0, 1]) }
            == "class id 5000 implies 5001 classes; without class names CamLab accepts ids below 4096. Pass "
            + "classNames to score more classes")
    #expect(message { _ = try Metrics.accuracy(labels: Tensor([0, 1]),
                                               predictions: Tensor(shape: [2, 2], scalars: [1, 0, .nan, 0])) }
            == "predictions row 1 contains NaN scores, so it names no class; check the model for diverged training")
    #expect(message { _ = try Metrics.accuracy(labels: Tensor([0, .nan]), predictions: Tensor([0, 1])) }
            == "labels[1] is nan, not a class id (a whole number 0, 1, 2, …)")
}

@Test func accuracyIsTheFractionCorrect() throws {
    #expect(try Metrics.accuracy(labels: animalLabels, predictions: animalPredictions) == 11.0 / 16)
    #expect(try Metrics.accuracy(labels: Tensor([2, 0, 1, 1]),
                                 predictions: Tensor(shape: [4, 3], scalars: [0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0]))
            == 0.75)
}
