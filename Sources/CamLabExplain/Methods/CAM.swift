import CamLabCore
import CamLabNN

extension ExplanationMethod {
    /// CAM (Zhou et al. 2016), the method the CAM family is named after: for a model that ends in global average
    /// pooling and a dense layer, the class's dense weights times the feature maps the pooling averages.
    public static let cam = ExplanationMethod(
        name: "cam", title: "CAM",
        summary: "the class's dense weights times the last feature maps (models ending in global average pooling)",
        description: "CAM (class activation mapping) reads a model that ends in global average pooling and a "
            + "dense layer: the class's logit is then a weighted sum of the averaged feature maps, so the same "
            + "weights, applied to the maps before averaging, show where each part of the logit comes from. It "
            + "needs no gradients. Bright areas raised the class's logit. For such a model Grad-CAM of the logit "
            + "gives the same map divided by the number of positions, since the gradient of the logit with "
            + "respect to each position of a map is its dense weight over that number.",
        reference: "Zhou et al., Learning Deep Features for Discriminative Localization, CVPR 2016: "
            + "M_c(x, y) = Σ_k w_k^c f_k(x, y), with f_k the feature maps global average pooling reads and w^c the "
            + "class's column of the dense kernel.",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax,
        modelRequirement: { model in (try? model.camHead()) == nil ? camRequirement(model) : nil }
    ) { request in
        let head = try request.model.camHead()
        guard request.layer == head.featureLayer else {
            throw Problem("CAM reads the feature maps that global average pooling averages, layer "
                               + "'\(request.model.layers[head.featureLayer].name)'; leave out the layer")
        }
        let activations = SpatialBatch(request.activations)
        let kernel = head.dense.kernel.value, classes = kernel.shape[1]
        return (0..<activations.count).map { image in
            let target = request.targets[image]
            let weights = (0..<activations.channels).map { k in request.sign * kernel.scalars[k * classes + target] }
            return weightedChannelSum(activations, image: image, weights: weights)
        }
    }
}

extension Model {
    /// The layers CAM reads: the Dense that makes the logits (the output layer, or the one below a final
    /// activation layer such as Softmax), reached from a GlobalAveragePooling2D through layers that are the identity
    /// in inference (Dropout), and the layer whose maps the pooling averages.
    func camHead() throws -> (dense: Dense, featureLayer: Int) {
        var top = outputNode
        if top > 0, layers[top - 1] is ActivationLayer { top = inputNodes[top - 1][0] }
        guard top > 0, let dense = layers[top - 1] as? Dense else { throw Problem(camRequirement(self)) }
        var node = inputNodes[top - 1][0]
        while node > 0, layers[node - 1] is Dropout { node = inputNodes[node - 1][0] }
        guard node > 0, layers[node - 1] is GlobalAveragePooling2D else { throw Problem(camRequirement(self)) }
        let features = inputNodes[node - 1][0]
        guard features > 0 else { throw Problem(camRequirement(self)) }
        return (dense, features - 1)
    }
}

/// What CAM needs, said of a model that lacks it.
func camRequirement(_ model: Model) -> String {
    let top = model.layers.last.map { "'\($0.name)' (\($0.typeName))" } ?? "none"
    return "CAM needs a model that ends in global_average_pooling2d() and a dense layer, as Zhou et al.'s; model "
        + "'\(model.name)' ends in \(top). Grad-CAM works on any CNN and, on such a model, gives CAM's map"
}
