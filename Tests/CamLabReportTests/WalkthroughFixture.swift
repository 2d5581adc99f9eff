import CamLabTestSupport
import CamLabPlot
@testable import CamLabReport

/// A walkthrough script exercising every kind of prose and output, with the outputs a real run would give.
enum WalkthroughFixture {
    static let script = """
    #: # Fashion-MNIST walkthrough
    #:
    #: We train a **small CNN** and read its *Grad-CAM* maps. See [Keras](https://keras.io).
    #:
    #: 1. load the data
    #: 2. train with `fit`
    #:
    #: | class | images | note |
    #: |:--|--:|---|
    #: | T-shirt/top | 6000 | a_very_long_cell_that_would_overflow_a_phone_screen_if_the_table_did_not_scroll_sideways |
    x = load_dataset("fashion-mnist")
    print("train: \\(x.train.count) images")
    #: ## Training
    #: The bar below collapses to one line per epoch.
    history = fit(model, x, epochs: 2, validation_split: 0.1, a_long_argument_name_that_makes_this_line_wide: true, another: 1)
    show(x.test[0])
    #: ## Plots
    plot(history)
    #: ## A mistake
    #: The next cell fails; the report shows where.
    y = explian(model, x.test[0])
    #: ## After the error
    print("still here")
    """

    static func outputs() throws -> [[CellOutput]] {
        let history = try TrainingHistoryPlot(loss: [0.9, 0.6, 0.5], valLoss: [0.7, 0.6, 0.58],
                                              accuracy: [0.7, 0.8, 0.83], valAccuracy: [0.75, 0.79, 0.8])
        let labels = ["T-shirt/top", "Trouser", "Pullover"]
        let matrix = try ConfusionMatrixPlot(counts: [[80, 2, 18], [1, 97, 2], [15, 1, 84]], labels: labels)
        let bars = try GroupedBarChart.classificationReport(classes: labels, precision: [0.83, 0.97, 0.81],
                                                            recall: [0.8, 0.97, 0.84], f1: [0.81, 0.97, 0.82])
        let pixels = gradientPixels(width: 28, height: 28)
        let picture = try GalleryImage(width: 28, height: 28, rgba: pixels,
                                       png: testPNG(width: 28, height: 28, rgba: pixels))
        let gallery = try ImageGallery.misclassified(entries: [(picture, picture, "Shirt", "T-shirt/top"),
                                                               (picture, picture, "Pullover", "Coat")])
        let plots: [any Plot] = [history, matrix, bars, gallery]
        let training: String = "Epoch 1/2\n422/422 ━━━━━━━━━━━━━━━━━━━━ 9s 21ms/step - accuracy: 0.7800 - loss: 0.6100\n"
            + "Epoch 2/2\n422/422 ━━━━━━━━━━━━━━━━━━━━ 9s 21ms/step - accuracy: 0.8400 - loss: 0.4500\n"
        let diagnostic: String = "walk.dsl:21:5: error: unknown name 'explian'\n"
            + " 21 | y = explian(model, x.test[0])\n"
            + "    |     ^~~~~~~\n"
            + "    help: did you mean 'explain'?"
        let first: [CellOutput] = [.text("train: 60000 images\n")]
        let second: [CellOutput] = [.text(training), .image(digitImage(caption: "x.test[0]: Ankle boot"))]
        let third: [CellOutput] = plots.map { CellOutput.plot(svg: $0.svg(), title: $0.title) }
        let fourth: [CellOutput] = [.error(CellError(name: "error", message: "unknown name 'explian'",
                                                     rendered: diagnostic))]
        let fifth: [CellOutput] = [.text("still here\n")]
        return [first, second, third, fourth, fifth]
    }

    static func report(keepGoing: Bool) throws -> (Report, FakeRunner) {
        let runner = FakeRunner(try outputs())
        let report = Report.run(script: script, scriptName: "walk.dsl", runner: runner, keepGoing: keepGoing,
                                date: "2026-11-27 05:30 UTC")
        return (report, runner)
    }
}
