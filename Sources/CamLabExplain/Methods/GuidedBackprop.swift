import CamLabCore

extension ExplanationMethod {
    /// Guided Backpropagation (Springenberg et al. 2015): gradients through ReLUs that pass only positive signals.
    public static let guidedBackprop = ExplanationMethod(
        name: "guided_backprop", title: "Guided Backprop",
        summary: "gradients passed back only where they and the ReLUs are positive",
        description: "Guided Backpropagation computes the gradient of the score with respect to the pixels, but at "
            + "every ReLU lets only positive gradients through, and only where the ReLU was active. The result "
            + "is a crisp picture of the edges and textures the network responds to. It is hardly specific to "
            + "the class (maps for different classes look alike) and, as Adebayo et al. showed, hardly changes "
            + "when the weights are randomised: it shows the image more than the model's reasoning.",
        reference: "Springenberg et al., Striving for simplicity, ICLR workshop 2015. As captum's GuidedBackprop "
            + "and pytorch-grad-cam's GuidedBackpropReLUModel: grad_in = grad_out · (x > 0) · (grad_out > 0) at "
            + "every ReLU, channels summed, the logit as the score.",
        family: .inputGradient, needsSpatialLayer: false, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let gradients = request.inputGradients(guided: true)
        return (0..<request.targets.count).map { pixelMap(gradients, image: $0, geometry: request.inputGeometry) }
    }
}
