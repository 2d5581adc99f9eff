# explain(model, x, method: …) with every method, targets by name, scores, styles, layers and batches.
seed(1)
model = sequential([
    conv2d(4, 3, padding: same, activation: relu, input_shape: (8, 8, 1)),
    max_pooling2d(),
    conv2d(3, 3, padding: same, activation: relu),
    flatten(),
    dense(3, activation: softmax),
], seed: 2)
x = reshape(tensor(range(256)), 4, 8, 8, 1) / 255
names = ["left", "middle", "right"]
# A batch gives a list, one explanation per image; one image gives one explanation.
es = explain(model, x, method: layercam)
print(type(es), len(es), type(es[0]))            # expect: list 4 explanation
print(es[0].method, es[0].method_name, es[0].map.shape, es[0].score_kind)  # expect: LayerCAM layercam (8, 8) logit
# Grad-CAM stays eli5's: the probability, the layer's resolution.
e = explain(model, x[0:1])
print(e.method, e.score_kind, e.heatmap.shape, e.layer)  # expect: Grad-CAM probability (4, 4) conv2d_1
print(abs(e.score - model.predict(x[0:1])[0, e.target]) < 0.000001)  # expect: true
# Targets by class name, per image, or the prediction.
e = explain(model, x[0], method: "gradcam++", target: "right", names: names)
print(e.target, e.target_name, e.method)          # expect: 2 right Grad-CAM++
for e in explain(model, x, method: hirescam, targets: [2, 0, 1, 2]) { print(e.target) }
# expect: 2
# expect: 0
# expect: 1
# expect: 2
# Scores, counterfactual maps, styles.
a = explain(model, x[0], method: hirescam, target: 1, map: raw)
b = explain(model, x[0], method: hirescam, target: 1, map: raw, counterfactual: true)
print(max(abs(a.map + b.map)) < 0.000001, b.counterfactual)  # expect: true true
print(explain(model, x[0], method: hirescam, score: probability).score_kind)  # expect: probability
s = explain(model, x[0], method: integrated_gradients, steps: 16, map: signed)
print(s.map_style, min(s.map) >= -1, max(s.map) <= 1)  # expect: signed true true
print(explain(model, x[0], map: abs).map_style)   # expect: abs
# Several layers are averaged at the image's size.
m = explain(model, x[0], method: layercam, layers: ["conv2d", "conv2d_1"])
print(m.layers, m.layer, m.map.shape)             # expect: ["conv2d", "conv2d_1"] conv2d+conv2d_1 (8, 8)
# Every method, with its settings.
for method in [gradcam, gradcam_plus_plus, hirescam, xgradcam, layercam, scorecam, ablationcam, eigencam, eigengradcam, saliency, input_x_gradient, smoothgrad, integrated_gradients, guided_backprop, guided_gradcam, occlusion] {
    e = explain(model, x[1], method: method)
    assert(min(e.heatmap) >= 0 and max(e.heatmap) <= 1)
}
print(explain(model, x[1], method: smoothgrad, samples: 4, noise: 0.1, seed: 3).method)  # expect: SmoothGrad
print(explain(model, x[1], method: integrated_gradients, steps: 8, baseline: 0.5, integration: riemann_trapezoid).method)  # expect: Integrated Gradients
print(explain(model, x[1], method: occlusion, window: (2, 4), stride: 2).map.shape)  # expect: (8, 8)
print(explain(model, x[2], method: scorecam))
# expect: <Score-CAM explanation of class 2 (probability 0.34308386) on layer conv2d_1, heatmap 8×8>
print(format_as_image(s), format_as_image(explain(model, x[3], method: guided_backprop)))  # expect: <image 8×8, RGBA> <image 8×8, RGBA>
