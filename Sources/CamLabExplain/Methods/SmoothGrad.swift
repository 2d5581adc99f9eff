import CamLabCore

extension ExplanationMethod {
    /// SmoothGrad (Smilkov et al. 2017): gradients averaged over noisy copies of the image.
    public static let smoothgrad = ExplanationMethod(
        name: "smoothgrad", title: "SmoothGrad",
        summary: "gradients averaged over noisy copies of the image (samples, noise)",
        description: "SmoothGrad adds random noise to the image many times (samples) and averages the gradients of "
            + "the score over the noisy copies. The noise washes out the gradient's pixel-to-pixel jitter, so the "
            + "map is less speckled than Saliency's and shows the regions the score is consistently sensitive to. "
            + "Bright pixels matter most; more samples give a smoother map.",
        reference: "Smilkov et al., SmoothGrad, 2017: the mean gradient over samples copies with Gaussian noise of "
            + "standard deviation noise × (max − min) of the image (they recommend 10–20%), shown as magnitudes. "
            + "captum's NoiseTunnel(Saliency) averages |gradient| and takes an absolute stdevs; CamLab averages "
            + "the signed gradients as the paper does. The logit as the score.",
        family: .inputGradient, needsSpatialLayer: false, defaultScore: .logit, defaultStyle: .abs,
        options: ["samples", "noise", "seed"]
    ) { request in
        let (samples, noise) = (request.options.samples, request.options.noise)
        guard samples > 0 else { throw Problem("SmoothGrad needs samples of at least 1, got \(samples)") }
        guard noise >= 0, noise.isFinite else { throw Problem("SmoothGrad's noise must be 0 or more, got \(noise)") }
        // Each image draws its noise from its own stream, seeded from the seed and the image itself, so an image
        // gets the same map alone or in any batch.
        var generator = SeededGenerator(seed: 0)
        let noisy = try request.expanded(copies: samples) { _, copy, values, out in
            if copy == 0 { generator = SeededGenerator(seed: noiseSeed(request.options.seed, values)) }
            let sigma = ((values.max() ?? 0) - (values.min() ?? 0)) * noise
            for j in values.indices { out[j] = values[j] + sigma * generator.normal() }
        }
        let gradients = try request.inputGradients(noisy, targets: request.repeatedTargets(samples))
        let size = request.batch.count / request.targets.count
        var mean = [Float](repeating: 0, count: request.batch.count)
        for i in 0..<request.targets.count {
            for c in 0..<samples {
                let start = (i * samples + c) * size
                for j in 0..<size { mean[i * size + j] += gradients.scalars[start + j] / Float(samples) }
            }
        }
        let averaged = Tensor(shape: request.batch.shape, scalars: mean)
        return (0..<request.targets.count).map { pixelMap(averaged, image: $0, geometry: request.inputGeometry) }
    }
}

/// A seed for one image's noise: FNV-1a over the seed and the image's bits.
func noiseSeed(_ seed: UInt64, _ values: some Sequence<Float>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
    for value in values {
        hash ^= UInt64(value.bitPattern)
        hash = hash &* 0x0000_0100_0000_01b3
    }
    return hash
}
