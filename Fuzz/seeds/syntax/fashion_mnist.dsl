#: # Fashion-MNIST: train a small CNN and see where it looks
#:
#: This walkthrough trains a convolutional network to tell ten kinds of clothing apart, measures how well it
#: does, and then asks it *why*: Grad-CAM colours the parts of a picture that pushed the network towards its
#: answer. Run it in a terminal with `Scripts/camlab Examples/fashion_mnist.dsl`, or turn it into a page like
#: this one with `Scripts/camlab report Examples/fashion_mnist.dsl -o fashion_mnist.html`. Pictures also go to
#: `out/`.
#:
#: `versions()` names CamLab's version and the BLAS kernels the tensors run on, so a result can be reproduced.
versions()

#: ## 1. The data
#:
#: Fashion-MNIST holds 70,000 greyscale pictures of 28×28 pixels: 60,000 to learn from and 10,000 to test on.
#: Each label is a number from 0 to 9 naming one of ten classes. `fashion_mnist()` unpacks, as Keras'
#: `load_data()` does, into `(images, labels)` pairs for training and testing.
data = fashion_mnist()
(x_train, y_train), (x_test, y_test) = data
print("train:", x_train.shape, y_train.shape, "test:", x_test.shape, y_test.shape)
class_names = data.class_names
for label in 0..<10 { print("\(label) → \(class_names[label])") }
print("label of the first training image: \(y_train[0]) → \(class_names[y_train[0]])")
show(x_train[0], title: class_names[y_train[0]])

#: Pixels arrive as whole numbers from 0 (black) to 255 (white). Networks learn more easily from small inputs,
#: so we divide by 255 to get values between 0 and 1. A convolution also expects a channel axis:
#: `(N, height, width, channels)`, here one grey channel, so `reshape(-1, 28, 28, 1)`.
x_train = x_train.reshape(-1, 28, 28, 1) / 255
x_test = x_test.reshape(-1, 28, 28, 1) / 255

#: ## 2. The model
#:
#: Three 3×3 convolutions each slide small filters over the picture and answer "is my pattern here?" at every
#: position: the first finds edges, later ones combine them into parts such as collars, soles or handles.
#: `padding: same` keeps the 28×28 size, `relu` keeps only positive evidence. `flatten` lays the last feature
#: maps out in one row, and `dense(10, activation: softmax)` turns them into ten probabilities that add up to 1.
model = sequential([
    conv2d(32, 3, padding: same, activation: relu, input_shape: (28, 28, 1)),
    conv2d(16, 3, padding: same, activation: relu),
    conv2d(8, 3, padding: same, activation: relu),
    flatten(),
    dense(10, activation: softmax),
])
model.summary()

#: ## 3. Training
#:
#: `fit` shows the network batches of 256 pictures and nudges every weight against the gradient of the loss
#: (Adam adapts the step size per weight). One **epoch** is one pass over all 60,000 pictures. Each epoch ends
#: with one line:
#:
#: - `loss` and `accuracy` are measured on the training pictures, while the weights were still changing;
#: - `val_loss` and `val_accuracy` are measured afterwards on the 10,000 test pictures the network never
#:   trains on.
#:
#: While both losses fall together the network is learning things that carry over to new pictures. When the
#: training loss keeps falling but `val_loss` stalls or rises, it has started to memorise: that is overfitting.
model.compile(optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy])
history = model.fit(x_train, y_train, epochs: 8, batch_size: 256, validation_data: (x_test, y_test))
plot(history, path: "out/history.svg")

#: ## 4. How good is it?
#:
#: `predict` gives ten probabilities per test picture; `argmax` picks the most likely class. Accuracy is the
#: share of test pictures whose predicted class is the true one.
y_pred = argmax(model.predict(x_test), axis: 1)
print("test accuracy:", format(accuracy_score(y_test, y_pred), digits: 4))

#: One number hides *which* mistakes the network makes. In the **confusion matrix** row *i*, column *j* counts
#: the test pictures of class *i* predicted as class *j*: the diagonal holds the right answers, and every other
#: cell is a particular confusion. Expect shirts, T-shirts, pullovers and coats to be mixed up with each other
#: far more often than sneakers with bags.
matrix = confusion_matrix(y_test, y_pred, names: class_names)
print(matrix)
plot(matrix, path: "out/confusion_matrix.svg")

#: Per class, three numbers:
#:
#: | measure | question it answers |
#: |:--|:--|
#: | precision | of the pictures *predicted* as this class, how many are? |
#: | recall | of the pictures that *are* this class, how many were found? |
#: | f1 | the harmonic mean of the two: high only when both are |
report = classification_report(y_test, y_pred, names: class_names, digits: 4)
print(report)
save(plot(report), "out/classification_report.svg")

#: The network's mistakes, each with its Grad-CAM overlay: where was it looking when it got it wrong?
plot_misclassified(model, x_test, y_test, y_pred, names: class_names, count: 8, path: "out/misclassified.svg")

#: ## 5. Why did it say that? Grad-CAM
#:
#: We take one random test picture and ask the network for its answer.
idx = random_int(0, len(x_test))
x = x_test[idx:idx+1]
print("image \(idx): actual \(class_names[y_test[idx]]), predicted \(class_names[y_pred[idx]])")

#: **Grad-CAM** (Selvaraju et al., 2017) answers "where in the picture is the evidence for this class?":
#:
#: 1. take the feature maps of the last convolution, each a 28×28 grid of "my pattern is here" (this network
#:    never shrinks the picture);
#: 2. compute how much the class's score would grow if each map grew: its gradient, averaged over the map,
#:    becomes that map's weight;
#: 3. add the maps up with those weights and keep the positive part: that is the heatmap;
#: 4. stretch it to the picture's size and lay it over the picture.
#:
#: **How to read the map:** bright regions are where the network found evidence *for* the class it names; dark
#: regions did not raise that class's score. A map that lights up the object itself (a shoe's sole, a bag's
#: handle, the gap between trouser legs) suggests the network looks at the garment; a map lit on the background
#: or on one corner is a warning that it learned a shortcut. The map explains *this* prediction, right or wrong:
#: for a misclassified picture it shows what looked like the wrong class.
e = explain(model, x)
print(e.method)
print(e.description)
show(e)
save(format_as_image(e), "out/gradcam.png")
save(format_as_image(e, colormap: reds, alpha_limit: 0.9), "out/gradcam_reds.png")
save(format_as_image(e, resampling: nearest), "out/gradcam_nearest.png")
save(format_as_image(e), "out/gradcam.ppm")

#: Earlier layers see smaller patterns, so their maps are sharper but less about the class as a whole. Here are
#: the second and the first convolution (`explain_prediction_keras` is eli5's name for `explain`).
save(explain(model, x, layer: "conv2d_1", colormap: reds), "out/gradcam_conv2d_1.png")
save(explain_prediction_keras(model, x, layer: "conv2d"), "out/gradcam_conv2d.png")

#: ## 6. Grad-CAM by hand
#:
#: The same computation in its parts: the weights per feature map, the maps (activations), their gradients,
#: the predicted class and its score; then the heatmap, shown beside the picture.
weights, activations, gradients, predicted, score = gradcam_backend(model, x, targets: [y_test[idx]], layer: "conv2d")
heatmap = gradcam(weights, activations)
print("class \(predicted) scored \(format(score, digits: 4)); heatmap \(heatmap.shape)")
save(side_by_side(image(x, colormap: gray), image(heatmap, colormap: greens), titles: ["image", "heatmap"]),
     "out/gradcam_side_by_side.png")

#: ## 7. Keep the results
#:
#: The trained weights, and the heatmap for Python (`numpy.load` reads `.npy`).
save_weights(model, "out/fashion_mnist.safetensors")
save(heatmap, "out/heatmap.npy")
