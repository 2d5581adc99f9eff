import Foundation
import Testing
@testable import CamLabLang
@testable import CamLabLibrary

/// A small model and two 6×6 images every judging test starts from.
private let setup = """
    m = sequential([conv2d(4, 3, padding: same, activation: relu, input_shape: (6, 6, 1)), flatten(),
                    dense(3, activation: softmax)], seed: 2)
    x = reshape(tensor(range(72)), 2, 6, 6, 1) / 72
    e = explain(m, x[0])

    """

private func run(_ code: String) -> (Session.Outcome, RecordedOutput) {
    let output = RecordedOutput()
    let outcome = Session(output: output).run(setup + code)
    return (outcome, output)
}

@Test func metricsReturnValuesThatPrintAndPlot() {
    let (outcome, output) = run("""
        d = deletion(m, x[0], e)
        print(d)
        print(insertion(m, x[0:1], [e], substrate: mean))
        print(confidence_change(m, x[0], e))
        r = road(m, x[0], e, fractions: [0.25, 0.5])
        print(r)
        print(len(d.scores), d.step, len(r.most_relevant_first))
        p = plot(r)
        print(p.title)
        """)
    #expect(outcome.succeeded, "\(output.errors)")
    let lines = output.text.split(separator: "\n").map(String.init)
    #expect(lines[0].range(of: #"^<deletion curve: AUC \d\.\d{3} \(lower is better\), 7 points, 1 image>$"#,
                           options: .regularExpression) != nil, "\(lines[0])")
    #expect(lines[1].hasPrefix("<insertion curve: AUC ") && lines[1].hasSuffix("(higher is better), 7 points, 1 image>"))
    #expect(lines[2].hasPrefix("<confidence change: score "))
    #expect(lines[3].hasPrefix("<ROAD: score ") && lines[3].hasSuffix("over 2 shares removed, 1 image>"))
    #expect(lines[4] == "7 6 2")
    #expect(lines[5].hasPrefix("ROAD: score after removing pixels"))
}

@Test func mapsCanBeTensorsAndTargetsChosen() {
    let (outcome, output) = run("""
        h = e.heatmap
        print(deletion(m, x[0], h, target: 2).auc == deletion(m, x[0], h, target: [2]).auc)
        print(len(deletion(m, x, reshape(concat([h, h]), 2, 6, 6)).image_aucs))
        """)
    #expect(outcome.succeeded, "\(output.errors)")
    #expect(output.text == "true\n2\n")
}

@Test func faithfulnessPrintsATableWithTheBestMarked() {
    let (outcome, output) = run("print(faithfulness(m, x, methods: [gradcam, saliency, random], metrics: [deletion, road]))")
    #expect(outcome.succeeded, "\(output.errors)")
    let lines = output.text.split(separator: "\n").map(String.init)
    #expect(lines[0] == "Faithfulness over 2 images (↓ lower is better, ↑ higher; * best)")
    #expect(lines[1].hasPrefix("method") && lines[1].contains("deletion ↓") && lines[1].hasSuffix("road ↑"))
    #expect(lines[2].hasPrefix("Grad-CAM") && lines[3].hasPrefix("Saliency") && lines[4].hasPrefix("Random"))
}

@Test func compareAndTheChecksDrawGridsAndSaveThem() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("camlab-judging-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let (outcome, output) = run("""
        before = m.predict(x)
        c = compare(m, x[1], methods: [gradcam, saliency], layers: ["conv2d"], names: ["a", "b", "c"],
                    path: "\(folder)/compare.png")
        save(c, "\(folder)/compare.svg")
        s = sanity_check(m, x, methods: ["gradcam", "saliency"], path: "\(folder)/sanity.svg")
        l = random_logit_check(m, x[0])
        save(l, "\(folder)/logit.png")
        print(s.layers, len(s.passed), len(l.correlations))
        assert(sum(abs(m.predict(x) - before)) == 0, message: "the sanity check changed the model")
        """)
    #expect(outcome.succeeded, "\(output.errors)")
    // Each draws its grid once, as a plot a report shows as SVG.
    let titles = output.pictures.map { picture -> String in
        if case .plot(let plot) = picture { return plot.title } else { return "an image" }
    }
    #expect(titles.count == 3 && ["a", "b", "c"].map { "Explanations of \($0)" }.contains(titles[0]), "\(titles)")
    #expect(Array(titles.dropFirst()) == ["Cascading randomisation", "Random other class"])
    // The checks print their tables.
    #expect(output.text.contains("Cascading randomisation: rank correlation of each map"))
    #expect(output.text.contains("method    trained  rand. dense  rand. conv2d  verdict"))
    #expect(output.text.contains("Random other class: rank correlation between the map for the predicted class"))
    #expect(output.text.contains("[\"dense\", \"conv2d\"] 2 2"))
    for file in ["compare.png", "logit.png"] {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(file)"))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(file)")
    }
    for file in ["compare.svg", "sanity.svg"] {
        let svg = try String(contentsOfFile: "\(folder)/\(file)", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("data:image/png;base64,"), "\(file)")
    }
    #expect(output.filesWritten.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["compare.svg", "logit.png"])
}

@Test func namesAreCheckedWithDidYouMean() {
    let cases: [(String, String)] = [
        ("compare(m, x[0], methods: [\"saliancy\"])",
         "compare: unknown method \"saliancy\" in 'methods'\n"),
        ("faithfulness(m, x, metrics: [\"delition\"])", "did you mean 'deletion'?"),
        ("compare(m, x[0], layers: [\"conv2e\"])", "did you mean 'conv2d'?"),
        ("deletion(m, x[0], e, substrate: \"blurr\")", "did you mean 'blur'?"),
        ("sanity_check(m, x, layer: \"dense\")", "cannot compute Grad-CAM on layer 'dense'"),
        ("compare(m, x, methods: [gradcam])", "compare: x holds 2 images; compare explains one"),
        ("deletion(m, x, e)", "deletion: 2 images but 1 map"),
        ("deletion(m, x[0], e, step: 0)", "step must be between 1 and the 36 pixels of an image, got 0"),
        ("road(m, x[0], e, fractions: [0, 0.5])", "fractions of pixels to remove must lie strictly between 0 and 1"),
        ("sanity_check(m, x, threshold: 2)", "'threshold' must be a number above 0 and at most 1"),
        ("deletion(m, zeros(5, 5, 1), e)", "'x' must be one image (6, 6, 1) or a batch (N, 6, 6, 1)"),
        ("save(deletion(m, x[0], e), \"d.png\")", "cannot save a deletion curve as 'd.png'"),
        ("compare(m, x[0], methods: [])", "'methods' is empty"),
    ]
    for (code, message) in cases {
        let (outcome, output) = run(code)
        #expect(!outcome.succeeded, "\(code)")
        #expect(output.errors.contains(message), "\(code): \(output.errors)")
    }
    let (_, output) = run("compare(m, x[0], methods: [\"saliancy\"])")
    #expect(output.errors.contains("help: did you mean 'saliency'?"))
}

@Test func helpDescribesEveryJudgingBuiltinAndName() {
    let output = RecordedOutput()
    let session = Session(output: output)
    for topic in ["deletion", "insertion", "confidence_change", "road", "faithfulness", "compare", "sanity_check",
                  "random_logit_check", "saliency", "random", "drop", "increase", "exists"] {
        session.run("help(\(topic))")
    }
    let text = output.text.unwrapped
    for phrase in ["Petsiuk et al. 2018", "RISE", "DropInConfidence", "Rong et al. 2022", "ROADCombined",
                   "Adebayo et al.", "yours is left untouched", "Sixt et al. 2020", "Simonyan et al.",
                   "the baseline every method must beat", "IncreaseInConfidence", "True when a file"] {
        #expect(text.contains(phrase), "help lacks \(phrase)")
    }
    session.run("help()")
    #expect(output.text.contains("judging maps"))
}

@Test func existsSaysWhetherAPathIsThere() {
    let output = RecordedOutput()
    Session(output: output).run("print(exists(\"/\"), exists(\"/no/such/file.safetensors\"))")
    #expect(output.text == "true false\n")
}
