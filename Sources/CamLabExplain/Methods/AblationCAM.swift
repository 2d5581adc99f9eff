import CamLabCore

extension ExplanationMethod {
    /// Ablation-CAM (Desai and Ramaswamy 2020): each channel weighted by how much the score drops without it.
    public static let ablationcam = ExplanationMethod(
        name: "ablationcam", title: "Ablation-CAM",
        summary: "channels weighted by how much the score drops when each is switched off",
        description: "Ablation-CAM uses no gradients: it switches off (sets to zero) each channel of a "
            + "convolutional layer in turn, runs the layers above, and weighs the channel by the relative drop of "
            + "the score. It sums the weighted channels and keeps the positive part. Bright areas are where the "
            + "channels the model cannot do without are active. It costs one pass through the layers above the "
            + "chosen one per channel.",
        reference: "Desai and Ramaswamy, Ablation-CAM, WACV 2020: w_k = (y − y_k) / y with channel k zeroed, the "
            + "logit as the score. As pytorch-grad-cam's AblationCAM, except that CamLab always zeroes the channel "
            + "(pytorch-grad-cam uses min − 1e7 when the layer has negative values) and divides by |y| so that a "
            + "negative score does not flip the map.",
        family: .cam, needsSpatialLayer: true, defaultScore: .logit, defaultStyle: .reluMinmax
    ) { request in
        let activations = SpatialBatch(request.activations)
        let (channels, layer) = (activations.channels, request.layerValue!)
        let original = request.scores(of: request.pass)
        let size = activations.positions * channels
        var ablatedScores: [Float] = []
        // Every image with each channel zeroed in turn, through the layers above, a chunk at a time.
        let rows = activations.count * channels
        try forEachChunk(rows, size: request.options.batchSize, stoppingAt: request.options.limits.interruption) { range in
            var ablated = [Float](repeating: 0, count: range.count * size)
            for (row, index) in range.enumerated() {
                let (image, k) = index.quotientAndRemainder(dividingBy: channels)
                ablated.replaceSubrange((row * size)..<((row + 1) * size), with: activations.image(image))
                for p in 0..<activations.positions { ablated[row * size + p * channels + k] = 0 }
            }
            let shape = [range.count, activations.height, activations.width, channels]
            let pass = ClassifierPass(replacing: layer, with: Tensor(shape: shape, scalars: ablated),
                                      base: request.pass, rows: range.map { $0 / channels })
            ablatedScores += request.scores(of: pass, targets: range.map { request.targets[$0 / channels] })
        }
        return (0..<activations.count).map { image in
            let y = original[image]
            let weights = (0..<channels).map { k in (y - ablatedScores[image * channels + k]) / (abs(y) + 1e-7) }
            return weightedChannelSum(activations, image: image, weights: weights)
        }
    }
}
