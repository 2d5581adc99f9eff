import CamLabCore
import CamLabTestSupport
import CamLabNN
import Testing
@testable import CamLabExplain

/// `before_activation`: a CAM method reads a layer's values before its fused activation and the gradient of the
/// score with respect to them, as captum's LayerGradCam on a Conv2d module followed by a separate ReLU module.
@Suite struct BeforeActivationTests {
    /// Grad-CAM (raw gradients) at the first convolution of the tiny model, whose ReLU is fused: Σ_k mean_p(dS/dZ_k) Z_k,
    /// with Z the convolution's values before its ReLU computed by running the layer alone, and dS/dZ by finite
    /// differences of the logit with the ReLU applied to the perturbed values and the layers above run one by one.
    @Test func gradcamReadsTheValuesBeforeTheReLUAndTheirGradient() throws {
        let model = try tinyRandomModel()
        let x = tinyInput(), target = 1
        let z = model.layers[0].run([x], applyingActivation: false).output
        #expect(z.scalars.contains { $0 < 0 }, "the ReLU must cut something for the test to tell the two apart")
        let g = finiteDifferences(at: z, step: 1e-3) { values in
            var a = values
            for i in a.scalars.indices { a.scalars[i] = max(a.scalars[i], 0) }
            return score(of: model, fromLayer: 0, activations: a, target: target, kind: .logit)
        }
        let channels = z.shape[3], positions = z.count / channels
        let weights = (0..<channels).map { k in (0..<positions).reduce(0.0) { $0 + g[$1 * channels + k] } / Double(positions) }
        let expected = (0..<positions).map { p in
            (0..<channels).reduce(0.0) { $0 + weights[$1] * Double(z.scalars[p * channels + $1]) }
        }
        let before = try rawMap(.gradcam, model, x, target: target, layer: .index(0), score: .logit) {
            $0.normalizeGradients = false
            $0.beforeActivation = true
        }
        #expect(relativeError(before.map.scalars, expected) < 2e-3)
        let after = try rawMap(.gradcam, model, x, target: target, layer: .index(0), score: .logit) {
            $0.normalizeGradients = false
        }
        #expect(relativeError(after.map.scalars, expected) > 1e-2, "reading the ReLU's output gives another map")
    }

    /// Ablation-CAM switches channels off before the ReLU: the layers above see ReLU(ablated values).
    @Test func ablationAppliesTheActivationToTheAblatedValues() throws {
        let model = try tinyRandomModel()
        let x = tinyInput(), target = 0
        let z = model.layers[0].run([x], applyingActivation: false).output
        let channels = z.shape[3], positions = z.count / channels
        func logit(_ values: Tensor) -> Double {
            var a = values
            for i in a.scalars.indices { a.scalars[i] = max(a.scalars[i], 0) }
            return score(of: model, fromLayer: 0, activations: a, target: target, kind: .logit)
        }
        let y = logit(z)
        let weights = (0..<channels).map { k -> Double in
            var ablated = z
            for p in 0..<positions { ablated.scalars[p * channels + k] = 0 }
            return (y - logit(ablated)) / (abs(y) + 1e-7)
        }
        let expected = (0..<positions).map { p in
            (0..<channels).reduce(0.0) { $0 + weights[$1] * Double(z.scalars[p * channels + $1]) }
        }
        let map = try rawMap(.ablationcam, model, x, target: target, layer: .index(0)) { $0.beforeActivation = true }
        #expect(relativeError(map.map.scalars, expected) < 1e-4)
    }
}
