import CamLabCore

extension ExplanationMethod {
    /// Saliency (Simonyan et al. 2014): the magnitude of the score's gradient with respect to each pixel.
    public static let saliency = ExplanationMethod(
        name: "saliency", title: "Saliency",
        summary: "how strongly each pixel's change would move the score (|gradient|)",
        description: "Saliency shows, for every pixel, how much a small change of that pixel would change the "
            + "score: the magnitude of the gradient of the score with respect to the input. It is sharp (one "
            + "value per pixel) but noisy, and it says how sensitive the score is, not whether the pixel spoke "
            + "for or against the class. Bright pixels are the ones the score is most sensitive to.",
        reference: "Simonyan et al., Deep inside convolutional networks, ICLR workshop 2014: the largest |gradient| "
            + "over a pixel's channels. As captum's Saliency (abs=True), the logit as the score.",
        family: .inputGradient, needsSpatialLayer: false, defaultScore: .logit, defaultStyle: .abs
    ) { request in
        let gradients = request.inputGradients()
        return (0..<request.targets.count).map { image in
            pixelMap(gradients, image: image, geometry: request.inputGeometry) { values in
                values.reduce(0) { max($0, abs($1)) }
            }
        }
    }
}
