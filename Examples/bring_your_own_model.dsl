#: # Bring your own model: a Keras file and an ONNX file, explained, fine-tuned and saved for Keras
#:
#: Most people who want to explain a CNN already have one, trained in Keras or in PyTorch. CamLab opens those
#: files as they are: `load_model` reads a Keras `.keras` archive or `.h5` file (written by TensorFlow 2 or
#: Keras 3) and an ONNX file as `torch.onnx.export` writes it. The loaded model is an ordinary CamLab model:
#: `summary`, `predict`, `explain` and `fit` work on it, its layers keep the names its framework gave them, and
#: `m.save("….keras")` hands it back to Keras.
#:
#: The two files here are the ones CamLab's tests check against TensorFlow and PyTorch (made by the scripts in
#: `Scripts/fixtures/`): a small CNN trained on Fashion-MNIST in TensorFlow 2.15, and a small ResNet exported from
#: PyTorch. Run it from the project's folder with `Scripts/camlab Examples/bring_your_own_model.dsl`, or as a page
#: with `Scripts/camlab report Examples/bring_your_own_model.dsl -o bring_your_own_model.html`. Pictures go to
#: `out/`.
versions()
seed(7)
fixtures = "Tests/CamLabModelFilesTests/Fixtures/"
data = fashion_mnist(limit: 2000)
(x_train, y_train), (x_test, y_test) = data
x_train = x_train.reshape(-1, 28, 28, 1) / 255
x_test = x_test.reshape(-1, 28, 28, 1) / 255
class_names = data.class_names

#: ## 1. A Keras model
#:
#: `load_model` reads the architecture from the file's configuration and the weights from its HDF5 part. The
#: summary is the one Keras prints for the same file: the layer names (`conv1`, `features`, `gap`, …), the
#: shapes and the parameter counts are Keras'.
keras_model = load_model(fixtures + "tf215_fashion.keras")
summary(keras_model)

#: It predicts as it did in TensorFlow (the tests hold it to within 1e-5 of TensorFlow's own predictions).
y_pred = argmax(keras_model.predict(x_test), axis: 1)
print("accuracy on \(len(y_test)) test pictures:", format(accuracy_score(y_test, y_pred), digits: 3))

#: ## 2. Explaining one picture, several ways
#:
#: A picture as you would have it, a PNG file, read back with `load_image` in the shape the model takes:
#: (1, 28, 28, 1), values 0…1.
save(image(x_test[0]), "out/picture.png")
picture = load_image("out/picture.png", color_mode: "grayscale")
print("the model says:", class_names[argmax(keras_model.predict(picture))], "— the label:", class_names[y_test[0]])

#: Grad-CAM weighs the feature maps of a convolution by the mean gradient of the class's score over each map. By
#: default it reads the last layer with a spatial output, here `features` (7×7); `layer:` names another one by
#: the name Keras gave it.
gradcam_map = explain(keras_model, picture, method: gradcam)
gradcam_map
save(gradcam_map, "out/byom_gradcam.png")

#: A layer further down sees smaller parts of the picture on a finer grid: `relu2` is 14×14.
relu2_map = explain(keras_model, picture, method: gradcam, layer: "relu2")
save(side_by_side(image(gradcam_map, size: (112, 112)), image(relu2_map, size: (112, 112)),
                  titles: ["features, 7x7", "relu2, 14x14"]), "out/byom_gradcam_layers.png")

#: Grad-CAM++ weighs each position of a map by higher powers of the gradient; Integrated Gradients works on
#: the pixels themselves, summing the gradients along a path from a black picture to this one. `compare` puts
#: them side by side, with RISE's deletion (lower is better) and insertion (higher is better) scores beneath.
grid = compare(keras_model, picture, methods: [gradcam, gradcam_plus_plus, integrated_gradients],
               title: "A Keras model, explained three ways")
save(grid, "out/byom_compare.png")

#: ## 3. An ONNX model
#:
#: An ONNX file from PyTorch is converted once, on loading, to CamLab's layout: pictures are (height, width,
#: channels) as everywhere in CamLab, not PyTorch's (channels, height, width). Its layers are named by their ONNX
#: node names, as Netron shows them. This one is a test model with seeded, untrained weights that takes 16×16
#: colour pictures, so its map shows how the explanation runs through the graph, not anything it has learnt.
onnx_model = load_model(fixtures + "resnet_bn.onnx")
summary(onnx_model)
small = load_image("out/picture.png", size: (16, 16), color_mode: "rgb")
print("its four outputs:", onnx_model.predict(small))
onnx_map = explain(onnx_model, small, method: gradcam, layer: "/layer1/relu_1/Relu")
save(side_by_side(image(small, size: (112, 112)), image(onnx_map, size: (112, 112)),
                  titles: ["16x16 picture", "Grad-CAM, /layer1"]), "out/byom_onnx_gradcam.png")

#: ## 4. Fine-tuning a new head
#:
#: The Keras model's layers up to `gap` compute 32 features of a picture; a new task needs only a new last
#: layer on top of them. Here the task is coarser — clothing, footwear or a bag — and the base stays as Keras
#: trained it: each of its layers is frozen with `trainable`, and only the new head learns.
base = load_model(fixtures + "tf215_fashion.keras")
for layer in base.layers { layer.trainable = false }
features_before = base.get_layer("features").weights[0]
h = base.get_layer("gap").output
model = functional(base.input, dense(3, activation: softmax, name: "group")(h), name: "fashion_groups")
summary(model)

#: The groups from the ten labels: sandals (5), sneakers (7) and ankle boots (9) are footwear, bags (8) are
#: bags, the rest clothing.
group_of = [0, 0, 0, 0, 0, 1, 0, 1, 2, 1]
group_names = ["clothing", "footwear", "bag"]
g_train = []
for label in y_train { g_train = append(g_train, group_of[label]) }
g_test = []
for label in y_test { g_test = append(g_test, group_of[label]) }
g_train = tensor(g_train)
g_test = tensor(g_test)
model.compile(optimizer: adam, learning_rate: 0.01, loss: sparse_categorical_crossentropy, metrics: [accuracy])
model.fit(x_train, g_train, epochs: 3, batch_size: 64, validation_data: (x_test, g_test))

#: The frozen layers have not moved: the new model still computes the same features, and its head explains with
#: the same Grad-CAM machinery.
print("the frozen features moved by:", max(abs(model.get_layer("features").weights[0] - features_before)))
groups_map = explain(model, picture, method: gradcam, names: group_names)
groups_map
save(groups_map, "out/byom_groups_gradcam.png")

#: ## 5. Back to Keras
#:
#: `m.save(path)` writes the model as Keras' `model.save` does: a `.keras` archive (or a legacy `.h5` file) that
#: TensorFlow 2.15's `tf.keras.models.load_model` and Keras 3's `keras.saving.load_model` both open and predict
#: with as CamLab does. In Python, `model.compile(…)` and `model.fit(…)` train it further, on more machines if
#: needed. Reading it back here shows nothing was lost:
model.save("out/fashion_groups.keras")
back = load_model("out/fashion_groups.keras")
print("largest difference after the round trip:", max(abs(back.predict(x_test) - model.predict(x_test))))
