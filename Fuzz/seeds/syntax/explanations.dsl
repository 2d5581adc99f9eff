seed(1)
model = sequential([
    conv2d(3, 3, padding: same, activation: relu, input_shape: (4, 4, 1)),
    conv2d(2, 3, padding: same, activation: relu),
    flatten(),
    dense(3, activation: softmax),
], seed: 3)
x = reshape(tensor([0, 1, 2, 3, 3, 2, 1, 0, 0, 1, 2, 3, 3, 2, 1, 0]), 1, 4, 4, 1) / 3
e = explain(model, x, targets: [2])
print(e.method, e.layer, e.target, e.heatmap.shape)   # expect: Grad-CAM conv2d_1 2 (4, 4)
print(max(e.heatmap) <= 1, min(e.heatmap) >= 0)      # expect: true true
print(abs(e.score - model.predict(x)[0, 2]) < 0.000001)  # expect: true
print(format_as_image(e), format_as_image(e, colormap: reds, alpha_limit: 0.9, resampling: nearest))  # expect: <image 4×4, RGBA> <image 4×4, RGBA>
w, a, g, index, value = gradcam_backend(model, x, targets: [2], layer: "conv2d_1")
print(w.shape, a.shape, g.shape, index)               # expect: (2,) (4, 4, 2) (4, 4, 2) 2
# The weights are the gradients averaged over height and width.
print(max(abs(w - mean(mean(g, axis: 0), axis: 0))) < 0.000001)  # expect: true
print(max(abs(gradcam(w, a) - e.heatmap)))            # expect: 0
first = explain_prediction_keras(model, x, layer: "conv2d")
print(first.layer, first.heatmap.shape)               # expect: conv2d (4, 4)
save(explain(model, x, layer: 0, colormap: reds), "images/e.png")
print(load("images/e.png").channels)  # expect: 4
e2 = explain(model, x, layer: "dense")  # expect error col 6: explain: cannot compute Grad-CAM on layer 'dense' (Dense, output shape (None, 3)): it needs a 4-D output (batch, height, width, channels); layers that work: 'conv2d', 'conv2d_1'
