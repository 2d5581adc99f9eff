import CamLabCore

extension ExplanationMethod {
    /// Guided Grad-CAM (Selvaraju et al. 2017): Guided Backpropagation masked by the Grad-CAM map.
    public static let guidedGradcam = ExplanationMethod(
        name: "guided_gradcam", title: "Guided Grad-CAM",
        summary: "Guided Backprop's fine detail, kept where Grad-CAM sees the class",
        description: "Guided Grad-CAM multiplies Guided Backpropagation's pixel-sharp picture by the Grad-CAM map "
            + "stretched to the image's size: fine detail, but only where the layer's evidence for the class is. "
            + "Bright pixels are edges and textures inside the region that raised the score.",
        reference: "Selvaraju et al., Grad-CAM, ICCV 2017, section 3.1. As captum's GuidedGradCam: Guided "
            + "Backprop's attributions times the layer's Grad-CAM map (raw gradients averaged, ReLU'd, unscaled) "
            + "resized by nearest neighbour, channels summed, the logit as the score.",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        // Two backward passes over the request's one forward pass: plain to the layer, guided to the pixels.
        let (activations, layerGradients) = request.activationsAndGradients()
        let cams = (0..<activations.count).map { image in
            let weights = gradcamWeights(layerGradients, image: image, normalize: false).weights
            return weightedChannelSum(activations, image: image, weights: weights).map { max($0, 0) }
        }
        let guided = request.inputGradients(guided: true)
        let geometry = request.inputGeometry
        return (0..<activations.count).map { image in
            let cam = nearestResized(cams[image], height: geometry.height, width: geometry.width)
            var map = pixelMap(guided, image: image, geometry: geometry)
            for p in map.scalars.indices { map.scalars[p] *= cam.scalars[p] }
            return map
        }
    }
}
