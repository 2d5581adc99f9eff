import Testing
import CamLabCore
import CamLabData
import CamLabExplain
import CamLabModelFiles

/// Grad-CAM of a loaded Keras model against Keras' own, computed by the fixture script with tf.GradientTape
/// (TensorFlow 2.15) or jax.grad (Keras 3) at the layer its metadata names: raw maps (no ReLU, no upsampling, no
/// normalised gradients) of each input's predicted class, for the logit and for the probability.
@Suite struct KerasGradCAMTests {
    static let cases: [(String, ScoreKind)] = ["tf215_sequential.keras", "tf215_residual.keras", "tf215_fashion.keras",
                                                "keras3_sequential.keras", "keras3_residual.h5"]
        .flatMap { file in [(file, ScoreKind.logit), (file, .probability)] }

    @Test("Grad-CAM agrees with Keras'", arguments: cases)
    func gradCAMAgreesWithKeras(_ file: String, _ score: ScoreKind) throws {
        let stem = String(file.split(separator: ".")[0])
        let reference = try Safetensors.read(Fixtures.path(stem + ".safetensors"))
        let layer = try #require(reference.metadata["gradcam_layer"])
        let x = try #require(reference.tensors["x"]), want = try #require(reference.tensors["gradcam_\(score.rawValue)"])
        let targets = try #require(reference.tensors["gradcam_targets"]).scalars.map { Target.index(Int($0)) }

        let model = try ModelFiles.load(path: Fixtures.path(file))
        var options = ExplainOptions()
        options.layers = [.name(layer)]
        (options.score, options.map, options.upsample, options.normalizeGradients) = (score, .raw, false, false)
        let maps = try ExplanationMethod.gradcam.explain(model: model, batch: x, targets: targets, options: options)
        for (index, explanation) in maps.enumerated() {
            let theirs = try want.row(index)
            let scale = theirs.scalars.map(abs).max() ?? 0
            let relative = maxDifference(explanation.map, theirs) / scale
            let rho = spearmanCorrelation(explanation.map.scalars, theirs.scalars)
            print("\(file) Grad-CAM (\(score.rawValue)) at \(layer), input \(index): Spearman \(rho), "
                  + "max |CamLab − Keras| / max |Keras| = \(relative)")
            #expect(scale > 0, "\(file): Keras' map \(index) is all zeros")
            #expect(rho >= 0.99, "\(file) input \(index): Spearman \(rho)")
            #expect(relative < 1e-5, "\(file) input \(index): relative difference \(relative)")
        }
    }
}
