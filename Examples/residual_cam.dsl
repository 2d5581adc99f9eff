#: # CAM on a residual network: where the class comes from, read off the last layer
#:
#: Most CNNs people explain are not a plain stack of layers. ResNets add a block's input to its output, and
#: almost every modern network normalises its activations with batch normalization. This walkthrough builds such
#: a network with the functional API — Keras' `Input`, layers called on tensors, `add` — trains it on
#: Fashion-MNIST, and explains it with the method the whole CAM family is named after: **CAM** (Zhou et al.
#: 2016). CAM needs a network that ends in global average pooling and one dense layer, as this one does, and then
#: it needs no gradients at all. We compare it with Grad-CAM and see why, on this network, the two agree.
#:
#: Run it with `Scripts/camlab Examples/residual_cam.dsl`, or as a page with
#: `Scripts/camlab report Examples/residual_cam.dsl -o residual_cam.html`. Pictures go to `out/`.
versions()
data = fashion_mnist()
(x_train, y_train), (x_test, y_test) = data
x_train = x_train.reshape(-1, 28, 28, 1) / 255
x_test = x_test.reshape(-1, 28, 28, 1) / 255
class_names = data.class_names

#: ## 1. A residual block, built with the functional API
#:
#: `input(shape: …)` stands for the pictures the model will receive. Calling a layer on it, as in Keras,
#: gives the layer's output, which the next layer is called on. The residual block computes two convolutions
#: with batch normalization and **adds its input back** (`add([x, y])`): the block only has to learn a
#: correction, which is what lets ResNets grow deep. The convolutions before a batch normalization need no bias:
#: the normalization subtracts the mean anyway, and its `beta` takes the bias's place.
inputs = input(shape: (28, 28, 1))
x = conv2d(16, 3, padding: same, use_bias: false, name: "stem")(inputs)
x = batch_normalization(name: "stem_bn")(x)
x = activation(relu, name: "stem_relu")(x)
y = conv2d(16, 3, padding: same, use_bias: false, name: "block_conv1")(x)
y = batch_normalization(name: "block_bn1")(y)
y = activation(relu, name: "block_relu1")(y)
y = conv2d(16, 3, padding: same, use_bias: false, name: "block_conv2")(y)
y = batch_normalization(name: "block_bn2")(y)
x = add([x, y], name: "residual")
x = activation(relu, name: "block_out")(x)
x = max_pooling2d(2, name: "pool")(x)
x = conv2d(64, 3, padding: same, activation: relu, name: "features")(x)
x = global_average_pooling2d(name: "gap")(x)
outputs = dense(10, activation: softmax, name: "classifier")(x)
model = functional(inputs, outputs, name: "residual_cnn")

#: The summary shows the graph: the "Connected to" column says which layers each one reads, and `residual`
#: reads two. Batch normalization's moving mean and variance are counted as non-trainable parameters: training
#: updates them from each batch's statistics, not by gradients.
summary(model)

#: ## 2. Training
#:
#: In `fit`, batch normalization normalises each batch by its own mean and variance and keeps moving averages of
#: them; `predict`, `evaluate` and `explain` use those moving averages, so a picture's prediction never depends
#: on the other pictures it is batched with.
model.compile(optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy])
model.fit(x_train, y_train, epochs: 4, batch_size: 128, validation_data: (x_test, y_test))
y_pred = argmax(model.predict(x_test), axis: 1)
print("test accuracy:", format(accuracy_score(y_test, y_pred), digits: 4))

#: ## 3. CAM
#:
#: Global average pooling turns each of the 64 feature maps of `features` into one number, their mean, and the
#: dense layer weighs those means: the logit of class c is Σ_k w_kc · mean(A_k) + b_c. Moving the sum inside
#: the mean, the logit is the mean over positions of the map Σ_k w_kc · A_k(x, y). That map is CAM: it shows how
#: much each position contributes to the class's logit, read straight off the weights.
i = 0
while y_pred[i] != y_test[i] { i = i + 1 }
picture = x_test[i]
print("picture \(i): \(class_names[y_test[i]]), predicted \(class_names[y_pred[i]])")
cam_map = explain(model, picture, method: cam)
cam_map
save(cam_map, "out/residual_cam.png")

#: ## 4. Why CAM and Grad-CAM agree here
#:
#: Grad-CAM weighs each feature map by the mean gradient of the score over it. For the logit of this network that
#: gradient is the same at every position of map k: w_kc divided by the number of positions P. So Grad-CAM's
#: weights are CAM's divided by P, and Grad-CAM's map of the logit is CAM's map divided by P — the same picture.
#: We check it on the raw maps, at the layer's resolution:
cam_raw = explain(model, picture, method: cam, map: raw, upsample: false)
gradcam_raw = explain(model, picture, method: gradcam, score: logit, normalize_gradients: false, map: raw,
                      upsample: false)
positions = len(cam_raw.map.reshape(-1))
print("positions:", positions)
print("largest difference between CAM / positions and Grad-CAM:", max(abs(cam_raw.map / positions - gradcam_raw.map)))

#: Explained as the tutorial's eli5 explains it — the **probability** — Grad-CAM no longer equals CAM. The
#: gradient of the softmax probability p_c with respect to the averaged maps is p_c · (w_c − Σ_j p_j w_j): the
#: class's weights minus the average weights of all classes, each counted by how likely the model finds it. That
#: map shows what speaks for this class *rather than the others the model weighs*, where CAM shows everything
#: that raises the class's logit, including what all classes share. In the grid below each method runs with its
#: own defaults, so Grad-CAM explains the probability, as eli5 does.
save(explain(model, picture, method: gradcam), "out/residual_gradcam.png")

#: The rest of the family reads the same feature maps and weighs them in its own way: Grad-CAM++ and LayerCAM by
#: gradients position by position, Score-CAM by masking the picture with each map, Eigen-CAM by the maps' first
#: principal component, the same for every class. Beneath each map, RISE's deletion (lower is better) and
#: insertion (higher is better) scores say how faithful it is on this picture.
grid = compare(model, picture, methods: [cam, gradcam, gradcam_plus_plus, layercam, scorecam, eigencam],
               title: "CAM and its family on a residual network")
save(grid, "out/residual_compare.png")
