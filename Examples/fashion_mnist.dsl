# Fashion-MNIST end to end: train the tutorial's small CNN, then explain its predictions with Grad-CAM.
# Run it with `Scripts/camlab Examples/fashion_mnist.dsl`; the pictures go to out/.

# 1. Versions: CamLab's, and the BLAS kernels tensors run on.
versions()

# 2. Data: 60,000 training and 10,000 test images of 28×28 pixels, labels 0…9.
data = fashion_mnist()
(x_train, y_train), (x_test, y_test) = data
print("train:", x_train.shape, y_train.shape, "test:", x_test.shape, y_test.shape)
class_names = data.class_names
for label in 0..<10 { print("\(label) → \(class_names[label])") }
print("label of the first training image: \(y_train[0]) → \(class_names[y_train[0]])")
x_train = x_train.reshape(-1, 28, 28, 1) / 255
x_test = x_test.reshape(-1, 28, 28, 1) / 255

# 3. The model: three 3×3 convolutions, then a softmax over the ten classes.
model = sequential([
    conv2d(32, 3, padding: same, activation: relu, input_shape: (28, 28, 1)),
    conv2d(16, 3, padding: same, activation: relu),
    conv2d(8, 3, padding: same, activation: relu),
    flatten(),
    dense(10, activation: softmax),
])
model.summary()

# 4. Training.
model.compile(optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy])
history = model.fit(x_train, y_train, epochs: 8, batch_size: 256, validation_data: (x_test, y_test))

# 5. Evaluation on the test set.
y_pred = argmax(model.predict(x_test), axis: 1)
print("test accuracy:", format(accuracy_score(y_test, y_pred), digits: 4))
print(confusion_matrix(y_test, y_pred, names: class_names))
print(classification_report(y_test, y_pred, names: class_names, digits: 4))

# 6. One random test image: what it is and what the model says.
idx = random_int(0, len(x_test))
x = x_test[idx:idx+1]
print("image \(idx): actual \(class_names[y_test[idx]]), predicted \(class_names[y_pred[idx]])")

# 7. Grad-CAM, as eli5 computes it: the explanation, then pictures of it.
e = explain(model, x)
print(e.method)
print(e.description)
show(e)
save(format_as_image(e), "out/gradcam.png")
save(format_as_image(e, colormap: reds, alpha_limit: 0.9), "out/gradcam_reds.png")
save(format_as_image(e, resampling: nearest), "out/gradcam_nearest.png")
save(format_as_image(e), "out/gradcam.ppm")

# 8. Other layers: the second convolution, and the first (explain_prediction_keras is eli5's name).
save(explain(model, x, layer: "conv2d_1", colormap: reds), "out/gradcam_conv2d_1.png")
save(explain_prediction_keras(model, x, layer: "conv2d"), "out/gradcam_conv2d.png")

# 9. Grad-CAM by hand: the backend's parts, the heatmap, and the image beside it.
weights, activations, gradients, predicted, score = gradcam_backend(model, x, targets: [y_test[idx]], layer: "conv2d")
heatmap = gradcam(weights, activations)
print("class \(predicted) scored \(format(score, digits: 4)); heatmap \(heatmap.shape)")
save(side_by_side(image(x, colormap: gray), image(heatmap, colormap: greens), titles: ["image", "heatmap"]),
     "out/gradcam_side_by_side.png")

# Beyond the tutorial: keep the trained weights and the heatmap for Python (numpy.load reads .npy).
save_weights(model, "out/fashion_mnist.safetensors")
save(heatmap, "out/heatmap.npy")
