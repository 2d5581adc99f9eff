import CamLabCore
import CamLabExplain
import CamLabImaging
import CamLabNN

/// Explanations over CamLabExplain: `explain` with every method, and eli5's Grad-CAM API by its names.
func registerExplainBuiltins(in r: BuiltinRegistry) {
    registerMethodConstants(in: r)
    r.define("explain(model, x, method: \"gradcam\", target: none, targets: none, names: none, score: none, "
             + "counterfactual: false, layer: none, layers: none, before_activation: false, map: none, upsample: none, "
             + "normalize_gradients: true, samples: 50, noise: 0.15, seed: 0, steps: 50, integration: gausslegendre, "
             + "baseline: 0, window: 4, stride: 2, weights: \"paper\", batch_size: 256, colormap: none, alpha_limit: 0.65, "
             + "resampling: lanczos)", topic: "explanations", explainDoc) { args, _ in
        let m = try model(args)
        let x = try args.tensor("x")
        let method = try methodArgument(args)
        var options = try explainOptions(args, method: method, model: m)
        options.classNames = try classNamesArgument(args)
        let explanations = try explain(model: m, batch: x, method: method, targets: try targetArguments(args),
                                       options: options)
        let (colormap, alphaLimit, resampling) = (try colormapArgument(args, "colormap"), try alphaLimitArgument(args),
                                                  try resamplingArgument(args))
        let objects = explanations.map {
            Value.object(ExplanationObject($0, colormap: colormap, alphaLimit: alphaLimit, resampling: resampling))
        }
        // One image, or a batch of one as eli5 takes it, gives one explanation; a batch of several a list of them.
        let single = x.shape == m.inputShape || (x.shape.count == m.inputShape.count + 1 && x.shape[0] == 1)
        return single ? objects[0] : .list(objects)
    }
    r.alias("explain_prediction_keras", for: "explain")
    r.define("format_as_image(explanation, colormap: viridis, alpha_limit: 0.65, resampling: lanczos)",
             topic: "explanations",
             "The explanation as a picture, as eli5's format_as_image: the heatmap coloured, resized over the image. "
             + "Options not given keep the ones passed to explain.") { args, _ in
        let e = try args.object("explanation", as: ExplanationObject.self, expected: "an explanation (from explain)")
        let image = try e.overlays.overlay(of: e.explanation,
                                           colormap: args.given("colormap") ? try colormapArgument(args, "colormap") ?? e.colormap : e.colormap,
                                           alphaLimit: args.given("alpha_limit") ? try alphaLimitArgument(args) : e.alphaLimit,
                                           resampling: args.given("resampling") ? try resamplingArgument(args) : e.resampling)
        return .object(ImageObject(image))
    }
    r.define("gradcam_backend(model, x, targets: none, layer: none, normalize_gradients: true)", topic: "explanations",
             "eli5's gradcam_backend: (weights, activations, gradients, predicted_index, predicted_value) for one "
             + "image, with the gradients the weights average. " + normalizeGradientsDoc) { args, _ in
        let m = try model(args)
        let x = try args.tensor("x")
        let targets = try targetsArgument(args)
        let c = try gradcamBackend(model: m, x: x, targets: targets, layer: try layerArguments(args, of: m).first,
                                   normalizeGradients: try args.bool("normalize_gradients"))
        return .tuple([.tensor(Tensor(c.weights)), .tensor(c.activations), .tensor(c.gradients),
                       .number(Double(c.predictedIndex)), .number(c.predictedValue)])
    }
    r.define("gradcam(weights, activations)", topic: "explanations",
             "eli5's gradcam: the heatmap ReLU(Σ weights · activations) scaled to [0, 1], shape (height, width). "
             + "As a method, explain(model, x, method: gradcam) is Grad-CAM, explain's default: "
             + methodHelp(.gradcam)) { args, _ in
        let weights = try args.tensor("weights")
        return .tensor(heatmapTensor(try gradcam(weights: weights.scalars, activations: try args.tensor("activations"))))
    }
}

/// Which eli5 each choice of `normalize_gradients` reproduces, for the builtins that take it.
let normalizeGradientsDoc = "normalize_gradients: true (the default) L2-normalises the gradients before "
    + "averaging them, as graph-mode eli5 0.10 to 0.13 does (TensorFlow with eager execution disabled, as the "
    + "Fashion-MNIST tutorial runs it), so confident predictions keep a visible map; false averages the raw "
    + "gradients, as eli5 0.16 (Keras 3) does."
