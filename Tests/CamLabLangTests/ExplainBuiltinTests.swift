import Testing
@testable import CamLabLang

@Test func gradientBuiltinsSayWhichEli5EachChoiceReproduces() {
    for name in ["explain", "explain_prediction_keras", "gradcam_backend"] {
        let output = RecordedOutput()
        Session(output: output).run("help(\(name))")
        #expect(output.text.contains("normalize_gradients: true"), "\(name)")
        #expect(output.text.contains("(the default) L2-normalises the gradients before averaging them, as graph-mode "
                                     + "eli5 0.10 to 0.13 does"), "\(name)")
        #expect(output.text.contains("false averages the raw gradients, as eli5 0.16 (Keras 3) does"), "\(name)")
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
