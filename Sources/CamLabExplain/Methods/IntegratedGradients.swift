import CamLabCore

extension ExplanationMethod {
    /// Integrated Gradients (Sundararajan et al. 2017): gradients integrated along the straight path from a
    /// baseline image to the image.
    public static let integratedGradients = ExplanationMethod(
        name: "integrated_gradients", title: "Integrated Gradients",
        summary: "gradients integrated from a baseline image to the image (baseline, steps)",
        description: "Integrated Gradients fades the image in from a baseline (black by default) and adds up, "
            + "for every pixel, the gradient of the score along the way, times how far the pixel moved. The "
            + "attributions add up to the score of the image minus the score of the baseline (completeness), so "
            + "each pixel gets its share of the score. Positive pixels spoke for the class; the map shows the "
            + "positive part (map: signed shows both).",
        reference: "Sundararajan et al., Axiomatic attribution for deep networks, ICML 2017. As captum's "
            + "IntegratedGradients: baseline 0, 50 steps, Gauss–Legendre points (integration: riemann_trapezoid "
            + "for the trapezoidal rule), channels summed, the logit as the score.",
        family: .inputGradient, needsSpatialLayer: false, defaultScore: .logit, defaultStyle: .reluMinmax,
        options: ["baseline", "steps", "integration"]
    ) { request in
        let attributions = try integratedGradientAttributions(request)
        return (0..<request.targets.count).map { pixelMap(attributions, image: $0, geometry: request.inputGeometry) }
    }
}

/// The attributions (x − baseline) ⊙ Σ_j w_j ∇S(baseline + α_j (x − baseline)), per pixel and channel, for
/// every image of the request: (n, …input shape).
func integratedGradientAttributions(_ request: MethodRequest) throws -> Tensor {
    let (steps, baseline) = (request.options.steps, request.options.baseline)
    guard steps > 0 else { throw Problem("Integrated Gradients needs steps of at least 1, got \(steps)") }
    guard baseline.isFinite else { throw Problem("the baseline must be a number, got \(baseline)") }
    let (alphas, weights) = request.options.integration.points(steps)
    let path = try request.expanded(copies: steps) { _, step, values, out in
        let alpha = Float(alphas[step])
        for j in values.indices { out[j] = baseline + alpha * (values[j] - baseline) }
    }
    let gradients = try request.inputGradients(path, targets: request.repeatedTargets(steps))
    let size = request.batch.count / request.targets.count
    var attributions = [Float](repeating: 0, count: request.batch.count)
    for i in 0..<request.targets.count {
        for j in 0..<size {
            var sum = 0.0
            for step in 0..<steps { sum += weights[step] * Double(gradients.scalars[(i * steps + step) * size + j]) }
            attributions[i * size + j] = Float(Double(request.batch.scalars[i * size + j] - baseline) * sum)
        }
    }
    return Tensor(shape: request.batch.shape, scalars: attributions)
}
