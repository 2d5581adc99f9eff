import CamLabCore

/// Which number an explanation explains: the class's logit (the last layer's value before softmax, as PyTorch
/// models output and pytorch-grad-cam and captum explain) or its probability (the softmax output, as Keras models
/// output and eli5 explains). A confident prediction's probability hardly moves, so its gradients are tiny; the
/// logit's are not.
public enum ScoreKind: String, CaseIterable, Sendable {
    case logit, probability
}

/// How a raw map becomes the map an explanation shows. Every style divides by a maximum plus 1e-7, so an all-zero
/// map stays zero.
public enum MapStyle: String, CaseIterable, Sendable {
    /// ReLU, then `(h − min) / (max − min + 1e-7)`: pytorch-grad-cam's `scale_cam_image` after its ReLU. In [0, 1].
    case reluMinmax = "relu_minmax"
    /// ReLU, then `h / (max + 1e-7)`: eli5's `gradcam`. In [0, 1].
    case reluMax = "relu_max"
    /// `|h| / (max |h| + 1e-7)`: magnitudes, whatever their sign (captum's `sign="absolute_value"`). In [0, 1].
    case abs
    /// `h / (max |h| + 1e-7)`: evidence for the target positive, against it negative. In [−1, 1].
    case signed
    /// The values as the method computed them, unscaled.
    case raw

    /// One line for `help`.
    public var summary: String {
        switch self {
        case .reluMinmax: "positive part, stretched to [0, 1] (pytorch-grad-cam)"
        case .reluMax: "positive part over its maximum, in [0, 1] (eli5)"
        case .abs: "magnitudes over their maximum, in [0, 1]"
        case .signed: "over the largest magnitude, in [-1, 1]: for the target positive, against it negative"
        case .raw: "the method's own values, unscaled"
        }
    }
}

/// The rule Integrated Gradients integrates the path with (captum's `method`).
public enum IntegrationRule: String, CaseIterable, Sendable {
    /// Gauss–Legendre quadrature, captum's default: exact for polynomials of degree < 2·steps.
    case gaussLegendre = "gausslegendre"
    /// The trapezoidal rule on equally spaced points, including both ends (weights summing to 1, unlike captum's).
    case riemannTrapezoid = "riemann_trapezoid"
}

/// How Score-CAM turns the scores of the masked images into channel weights: three definitions are in use.
public enum ScoreCAMWeights: String, CaseIterable, Sendable {
    /// The paper's (Wang et al. 2020, eq. 4): the score's increase over that of a blank image, f(X ∘ H_k) − f(X_b).
    case paper
    /// pytorch-grad-cam's `ScoreCAM`: a softmax over the channels of the masked images' scores.
    case pytorchGradCAM = "pytorch_grad_cam"
    /// The paper's own code (haofanwang/Score-CAM): the masked image's softmax score itself, f(X ∘ H_k).
    case official

    /// One line for `help`.
    public var summary: String {
        switch self {
        case .paper: "the score's increase over a blank image's (the paper's equation)"
        case .pytorchGradCAM: "a softmax over the channels of the masked images' scores (pytorch-grad-cam)"
        case .official: "the masked image's score itself (the paper's own code)"
        }
    }
}

/// Everything an explanation can be asked for besides the model, the images and the targets. `nil` means "the
/// method's default" (see `ExplanationMethod`); the method-specific settings are read only by the methods that
/// list them in `ExplanationMethod.options`.
public struct ExplainOptions: Sendable {
    /// `nil`: the method's own (Grad-CAM and Score-CAM the model's output, as eli5 and the Score-CAM paper; the
    /// others the logit, as PyTorch models give pytorch-grad-cam and captum).
    public var score: ScoreKind?
    /// Explains the negated score: the map shows what speaks *against* the target (Selvaraju et al.'s
    /// counterfactual explanation).
    public var counterfactual = false
    /// `nil`: the method's own style.
    public var map: MapStyle?
    /// Layer maps stretched to the input's size (bilinear, as pytorch-grad-cam's `cv2.resize`); `false` keeps
    /// the layer's resolution; `nil`: the method's default. Several layers are always brought to the input's size.
    public var upsample: Bool?
    /// The layers a CAM method reads, averaged when there are several (pytorch-grad-cam's `target_layers`);
    /// empty picks the last layer with a (height, width, channels) output.
    public var layers: [LayerReference] = []
    /// CAM methods read the layers' values before their fused activation (a Conv2D's output before its ReLU), as
    /// captum's `LayerGradCam(..., attribute_to_layer_input=False)` on a convolution module followed by a separate
    /// ReLU does; `false` reads the layers' outputs, as eli5 and Keras see them.
    public var beforeActivation = false
    /// Class names, so targets can be given as `"Shirt"` and explanations name their class.
    public var classNames: [String]?
    /// Images per internal forward/backward pass (captum's `internal_batch_size`).
    public var batchSize = 256
    /// As `fit`, `predict` and `evaluate` take them: the interruption is checked before every internal pass, so
    /// Ctrl-C stops a long explanation at the next pass; the budget bounds a pass and the copies SmoothGrad,
    /// Integrated Gradients, Occlusion and Score-CAM make of each image.
    public var limits = RunLimits()

    // Method-specific settings.
    /// Grad-CAM: L2-normalise the gradients per image, as graph-mode eli5 0.13 does (the default); `false`
    /// averages the raw ones, as eli5 0.16 and pytorch-grad-cam do.
    public var normalizeGradients = true
    /// SmoothGrad: noisy copies averaged per image (Smilkov et al. use 50; captum's `nt_samples` default is 5).
    public var samples = 50
    /// SmoothGrad: the noise's standard deviation as a fraction of the image's value range (max − min); Smilkov
    /// et al. recommend 10–20%. captum's `stdevs` is the absolute standard deviation.
    public var noise: Float = 0.15
    /// SmoothGrad: the noise's seed, so a run repeats.
    public var seed: UInt64 = 0
    /// Integrated Gradients: points on the path (captum's `n_steps`, default 50).
    public var steps = 50
    /// Integrated Gradients: how the path integral is approximated (captum's default: Gauss–Legendre).
    public var integration = IntegrationRule.gaussLegendre
    /// Integrated Gradients and Occlusion: the value of every pixel of the reference image (captum's default 0).
    public var baseline: Float = 0
    /// Occlusion: the occluding patch, (height, width) in pixels (captum's `sliding_window_shapes`).
    public var window = (4, 4)
    /// Occlusion: how far the patch moves each step (captum's `strides`).
    public var stride = (2, 2)
    /// Score-CAM: how the masked images' scores become channel weights.
    public var scoreCAMWeights = ScoreCAMWeights.paper

    public init() {}
}
