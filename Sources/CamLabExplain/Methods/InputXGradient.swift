import CamLabCore

extension ExplanationMethod {
    /// Input × Gradient (Shrikumar et al. 2016): each pixel's value times the score's gradient there.
    public static let inputXGradient = ExplanationMethod(
        name: "input_x_gradient", title: "Input×Gradient",
        summary: "each pixel times the score's gradient there",
        description: "Input×Gradient multiplies every pixel by the gradient of the score with respect to it: a "
            + "first-order estimate of how much each pixel contributed to the score compared with a black pixel. "
            + "Positive values spoke for the class, negative against it; black pixels contribute nothing. The map "
            + "shows the positive part (map: signed shows both).",
        reference: "Shrikumar et al., Not just a black box, 2016. As captum's InputXGradient: the attribution "
            + "x · dS/dx, channels summed, the logit as the score.",
        family: .inputGradient, needsSpatialLayer: false, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let gradients = request.inputGradients()
        let products = try request.batch * gradients
        return (0..<request.targets.count).map { pixelMap(products, image: $0, geometry: request.inputGeometry) }
    }
}
