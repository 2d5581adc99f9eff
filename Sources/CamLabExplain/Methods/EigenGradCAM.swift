import CamLabCore

extension ExplanationMethod {
    /// Eigen-Grad-CAM: the first principal component of gradients times activations.
    public static let eigengradcam = ExplanationMethod(
        name: "eigengradcam", title: "Eigen-Grad-CAM",
        summary: "the first principal component of gradients times activations",
        description: "Eigen-Grad-CAM multiplies a convolutional layer's activations by the score's gradients, as "
            + "HiResCAM does, and projects the products on their first principal component, as Eigen-CAM does. "
            + "The gradients make it specific to the class; the projection keeps the dominant pattern and drops "
            + "noise. Bright areas are where that pattern of class evidence is strongest.",
        reference: "pytorch-grad-cam's EigenGradCAM (Eigen-CAM's projection of g ⊙ A), with the sign correction of "
            + "get_2d_projection_with_sign_correction, the logit as the score. Because the sign is chosen from "
            + "the map, a counterfactual map equals the ordinary one.",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let (activations, gradients) = request.activationsAndGradients()
        let products = SpatialBatch(try gradients.tensor * activations.tensor)
        return (0..<activations.count).map { image in
            activations.map(firstPrincipalProjection(products.image(image), rows: activations.positions,
                                                     columns: activations.channels))
        }
    }
}
