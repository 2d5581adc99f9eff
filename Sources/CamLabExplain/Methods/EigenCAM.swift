import CamLabCore

extension ExplanationMethod {
    /// Eigen-CAM (Muhammad and Yeasin 2020): the first principal component of a layer's activations.
    public static let eigencam = ExplanationMethod(
        name: "eigencam", title: "Eigen-CAM",
        summary: "the first principal component of the layer's activations (class-agnostic)",
        description: "Eigen-CAM projects the activations of a convolutional layer at every position on their "
            + "first principal component: the direction in which the channels vary together most. It needs no "
            + "gradients and no target, so it shows what the layer finds most salient in the image, the same for "
            + "every class: it cannot say why one class and not another. Bright areas are where that dominant "
            + "pattern is strongest.",
        reference: "Muhammad and Yeasin, Eigen-CAM, IJCNN 2020. As pytorch-grad-cam's EigenCAM (get_2d_projection: "
            + "activations centred per channel, projected on the first right singular vector), with the sign of "
            + "its get_2d_projection_with_sign_correction (flipped when |min| > |max|).",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let activations = SpatialBatch(request.activations)
        return (0..<activations.count).map { image in
            activations.map(firstPrincipalProjection(activations.image(image), rows: activations.positions,
                                                     columns: activations.channels))
        }
    }
}
