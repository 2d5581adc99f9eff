import Testing
@testable import CamLabLang
@testable import CamLabLibrary
import CamLabExplain

@Test func gradientBuiltinsSayWhichEli5EachChoiceReproduces() {
    for name in ["explain", "explain_prediction_keras", "gradcam_backend"] {
        let output = RecordedOutput()
        Session(output: output).run("help(\(name))")
        let text = output.text.unwrapped
        #expect(text.contains("normalize_gradients: true"), "\(name)")
        #expect(text.contains("(the default) L2-normalises the gradients before averaging them, as graph-mode "
                              + "eli5 0.10 to 0.13 does"), "\(name)")
        #expect(text.contains("false averages the raw gradients, as eli5 0.16 (Keras 3) does"), "\(name)")
    }
}

@Test func normalizeGradientsTakesOnlyTrueOrFalse() {
    let output = RecordedOutput()
    let outcome = Session(output: output).run("""
        m = sequential([conv2d(2, 3, padding: same, input_shape: (4, 4, 1)), flatten(), dense(2, activation: softmax)])
        e = explain(m, zeros(4, 4, 1), normalize_gradients: "yes")
        """)
    #expect(!outcome.succeeded)
    #expect(output.errors.contains("explain: 'normalize_gradients' must be true or false, got string \"yes\""),
            "\(output.errors)")
}

@Test func everyMethodHasHelpAndCompletesAfterMethod() {
    let session = Session(output: RecordedOutput())
    for method in ExplanationMethod.all {
        let output = RecordedOutput()
        Session(output: output).run("help(\(method.name))")
        let text = output.text.unwrapped
        #expect(text.contains(method.title) && text.contains(method.summary), "\(method.name)")
        #expect(text.contains(method.reference), "\(method.name)")
    }
    let candidates = session.completions(in: "explain(m, x, method: gradcam_", cursor: 30).candidates
    #expect(candidates == ["gradcam_backend", "gradcam_plus_plus"])
    let methods = session.completions(in: "explain(m, x, method: integ", cursor: 27).candidates
    #expect(methods == ["integrated_gradients", "integration:"])
    #expect(session.completions(in: "explain(m, x, sam", cursor: 17).candidates == ["same", "samples:"])
    let overview = RecordedOutput()
    Session(output: overview).run("help()")
    #expect(overview.text.unwrapped.contains(
        "method: ablationcam, cam, eigencam, eigengradcam, gradcam_plus_plus, guided_backprop"))
}

@Test func aBatchGivesAListAndOneImageOneExplanation() {
    let output = RecordedOutput()
    let outcome = Session(output: output).run("""
        m = sequential([conv2d(2, 3, padding: same, input_shape: (4, 4, 1)), flatten(), dense(3, activation: softmax)], seed: 1)
        x = reshape(tensor(range(48)), 3, 4, 4, 1) / 48
        print(len(explain(m, x, method: saliency)), type(explain(m, x[0:1])), type(explain(m, x[0])))
        e = explain(m, x[1], method: occlusion, window: 2, target: "b", names: ["a", "b", "c"], counterfactual: true)
        print(e)
        """)
    #expect(outcome.succeeded, "\(output.errors)")
    #expect(output.text.hasPrefix("3 explanation explanation\n<Occlusion counterfactual explanation of class 1 \"b\" "
                                  + "(logit "), "\(output.text)")
}
