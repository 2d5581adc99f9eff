import Foundation
import Testing
import CamLabLang
import CamLabLibrary
@testable import CamLabReport

@Test func plotBuiltinsDrawHistoryMatrixAndReportInline() throws {
    let runner = SessionCellRunner()
    let setup = """
    x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
    y = tensor([0, 1, 1, 0])
    model = sequential([dense(8, activation: relu, input_shape: (2,)), dense(2, activation: softmax)], seed: 1)
    model.compile(optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy], learning_rate: 0.05)
    h = model.fit(x, y, epochs: 3, batch_size: 4, verbose: false, validation_data: (x, y))
    """
    #expect(runner.run(cell: setup, firstLine: 1, scriptName: "p.dsl") == [])
    let outputs = runner.run(cell: """
        plot(h)
        plot(confusion_matrix(y, tensor([0, 1, 0, 0]), names: ["even", "odd"]))
        plot(classification_report(y, tensor([0, 1, 0, 0]), names: ["even", "odd"]))
        """, firstLine: 7, scriptName: "p.dsl")
    let titles = outputs.compactMap { output -> String? in
        if case .plot(_, let title) = output { return title } else { return nil }
    }
    #expect(titles == ["Training history", "Confusion matrix", "Per-class precision, recall and f1"])
    guard case .plot(let matrix, _) = outputs[1] else { return }
    // True "odd" (1, 2) predicted as 1 and 0; true "even" (0, 3) both predicted 0.
    #expect(matrix.contains(">2</text>") && matrix.contains(">odd</text>"))
}

@Test func plotSavesSVGAndRejectsWhatItCannotDraw() throws {
    let runner = SessionCellRunner()
    let path = "/tmp/camlab-plot-builtin-\(getpid())/new folder/m.svg"
    let saved = runner.run(cell: "plot(confusion_matrix(tensor([0, 1]), tensor([0, 1])), path: \"\(path)\")",
                           firstLine: 1, scriptName: "p.dsl")
    #expect(saved.count == 1)
    #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    let wrong = runner.run(cell: "plot(3)", firstLine: 5, scriptName: "p.dsl")
    guard case .error(let error)? = wrong.last else { Issue.record("no error: \(wrong)"); return }
    #expect(error.rendered.hasPrefix("p.dsl:5:6: error: plot: cannot plot a number"))
}
