#: # Which map can you trust? Comparing and testing explanations
#:
#: The first walkthrough (`Examples/fashion_mnist.dsl`) trained a small network on Fashion-MNIST and asked
#: Grad-CAM where it looked. Grad-CAM is one method among many, and the methods disagree: each paints a
#: different picture of the same decision. This walkthrough puts them side by side and then **tests** them,
#: with the two questions researchers ask of any saliency map:
#:
#: 1. **Is it faithful?** Does it point at the pixels the model actually relies on? We remove or keep pixels in
#:    the order the map ranks them and watch what happens to the model's confidence.
#: 2. **Is it sane?** Does it depend on the model at all? We destroy the model's weights, or ask about a
#:    different class, and check that the map changes.
#:
#: Run it with `Scripts/camlab Examples/explain_methods.dsl`, or as a page with
#: `Scripts/camlab report Examples/explain_methods.dsl -o explain_methods.html`. Pictures also go to `out/`.
versions()

#: ## 1. The model
#:
#: The same data and network as the first walkthrough. If that walkthrough has run, its trained weights are in
#: `out/fashion_mnist.safetensors` and we load them; otherwise we train the network here and save them.
data = fashion_mnist()
(x_train, y_train), (x_test, y_test) = data
x_train = x_train.reshape(-1, 28, 28, 1) / 255
x_test = x_test.reshape(-1, 28, 28, 1) / 255
class_names = data.class_names
model = sequential([
    conv2d(32, 3, padding: same, activation: relu, input_shape: (28, 28, 1)),
    conv2d(16, 3, padding: same, activation: relu),
    conv2d(8, 3, padding: same, activation: relu),
    flatten(),
    dense(10, activation: softmax),
])
model.compile(optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy])
weights = "out/fashion_mnist.safetensors"
if exists(weights) {
    load_weights(model, weights)
    print("loaded the trained weights from \(weights)")
} else {
    print("no saved weights at \(weights): training")
    model.fit(x_train, y_train, epochs: 8, batch_size: 256, validation_data: (x_test, y_test))
    save_weights(model, weights)
}
y_pred = argmax(model.predict(x_test), axis: 1)
print("test accuracy:", format(accuracy_score(y_test, y_pred), digits: 4))

#: ## 2. One right answer, one mistake
#:
#: An explanation is most useful when the model is wrong: it can show what the model mistook for what. We take
#: the first test picture the model gets right and the first it gets wrong.
right = -1
wrong = -1
for i in 0..<len(y_test) {
    if right < 0 and y_pred[i] == y_test[i] { right = i }
    if wrong < 0 and y_pred[i] != y_test[i] { wrong = i }
    if right >= 0 and wrong >= 0 { break }
}
right_title = "\(class_names[y_test[right]]), predicted \(class_names[y_pred[right]])"
wrong_title = "\(class_names[y_test[wrong]]), predicted \(class_names[y_pred[wrong]])"
print("right: picture \(right): \(right_title)")
print("wrong: picture \(wrong): \(wrong_title)")

#: ## 3. Many methods, one picture
#:
#: CamLab offers sixteen methods (`help(explain)` lists them, `help(layercam)` describes one). They come in two
#: families:
#:
#: - The **CAM family** weighs the feature maps of a convolution: Grad-CAM by the average gradient of the
#:   class's score, Grad-CAM++, XGrad-CAM and LayerCAM by other mixes of gradients, HiResCAM by the gradient
#:   pixel by pixel, Score-CAM and Ablation-CAM by how the score changes when a feature map is kept alone or
#:   removed, Eigen-CAM by the maps' first principal component (it ignores the class!), Eigen-Grad-CAM by that
#:   of the gradient-weighted maps. Guided Grad-CAM sharpens Grad-CAM with Guided Backprop. Their maps are as
#:   coarse as the layer they read (28×28 here, since this network never shrinks the picture).
#: - The **pixel family** works on the input: saliency (the gradient's size), Input×Gradient, SmoothGrad (saliency
#:   averaged over noisy copies), Integrated Gradients (gradients along a path from a black picture), Guided
#:   Backprop (gradients with the negative ones stopped), and Occlusion (cover a patch, watch the score).
#:
#: `compare` explains one picture with every method you name (across) on every layer you name (down), each
#: map laid over the picture, with two scores beneath that section 4 explains (the best in green). **random**
#: is a map of noise: the baseline. Every map explains the class the model *predicted*, so on the mistake the
#: maps show what looked like the wrong class.
cam_methods = [gradcam, gradcam_plus_plus, hirescam, xgradcam, layercam, scorecam, ablationcam, eigencam,
               eigengradcam, guided_gradcam]
pixel_methods = [saliency, input_x_gradient, smoothgrad, integrated_gradients, guided_backprop, occlusion]
compare(model, x_test[right], methods: cam_methods, layers: ["conv2d_1", "conv2d_2"], names: class_names,
        title: right_title, path: "out/compare_right_cam.png")
compare(model, x_test[right], methods: pixel_methods + [random], names: class_names, title: right_title,
        path: "out/compare_right_pixels.png")

#: **How to read it:** methods that agree on a region are more convincing than one method alone, and the
#: CAM maps of the last convolution (`conv2d_2`) are usually about the class as a whole, while the earlier
#: layer's are sharper but more about edges. The pixel family is sharp and speckled: it tells which pixels the
#: score is sensitive to, which is not the same as which pixels it uses. Now the mistake:
compare(model, x_test[wrong], methods: cam_methods, layers: ["conv2d_2"], names: class_names, title: wrong_title,
        path: "out/compare_wrong_cam.png")
compare(model, x_test[wrong], methods: pixel_methods + [random], names: class_names, title: wrong_title,
        path: "out/compare_wrong_pixels.png")

#: ## 4. Is the map faithful?
#:
#: ### Deletion and insertion
#:
#: Petsiuk et al. (2018) turned "does the map point at what matters?" into an experiment. **Deletion** blacks
#: out pixels one row's worth (28) at a time, the ones the map ranks highest first, and records the model's
#: probability for the class after each step. If the map is right, the probability collapses after a few steps,
#: so the **area under the curve (AUC) is small**. **Insertion** runs the other way: it starts from a blurred
#: copy of the picture and puts the sharp pixels back, most important first; a faithful map makes the
#: probability climb early, so **its AUC is large**.
x = x_test[right]
e = explain(model, x)
d = deletion(model, x, e)
i = insertion(model, x, e)
print(d)
print(i)
plot(d, path: "out/deletion.svg")
plot(i)

#: ### Confidence change
#:
#: pytorch-grad-cam's two quick checks multiply the picture by its own map, keeping the bright parts and
#: dimming the rest. If the map kept what the model needs, the confidence barely **drops** (lower is better);
#: if it also removed distractions, the confidence may even **increase**.
print(confidence_change(model, x, e))

#: ### ROAD
#:
#: Blacking pixels out has a flaw: the black holes themselves are a shape the model has never seen, and it may
#: react to *where* pixels were removed rather than to *what* was removed. ROAD (Rong et al., 2022) fills removed
#: pixels with the average of their neighbours plus a little noise, which leaves no such trace. It removes 10 %
#: to 90 % of the pixels twice: most relevant first (the score should fall) and least relevant first (the
#: score should stay). The ROAD score is half the difference: **higher is better**, and a map no better than
#: chance scores about 0.
r = road(model, x, e)
print(r)
plot(r)

#: ### Over many pictures
#:
#: One picture proves little. `faithfulness` runs every metric on many test pictures, each explained for its
#: predicted class, and prints one row per method; `*` marks the best in each column. The arrows say which way
#: is better. Read the table against the `random` row: a method must beat noise before its pictures deserve
#: belief, and the metrics need not agree with each other — each removes information in its own way.
f = faithfulness(model, x_test[0:100], methods: cam_methods + pixel_methods + [random])
print(f)

#: ## 5. Is the map sane?
#:
#: ### Cascading randomisation
#:
#: Adebayo et al. (2018) asked a blunt question: if we destroy what the model has learned, does the explanation
#: notice? `sanity_check` copies the model (yours is never touched) and redraws the weights of the top layer
#: with fresh random values, then of the layer below as well, and so on down to the first convolution. After
#: each step it explains the same pictures again and measures how similar the new map is to the trained model's
#: with Spearman's rank correlation (**rho**: 1 = the same ranking of pixels, 0 = unrelated).
#:
#: **How to read it:** in the grid each row is a method and each column destroys one more layer. A method that
#: depends on the model produces maps that fall apart as the weights go (rho drops towards 0): it **passes**. A
#: method whose maps survive a model that knows nothing is showing you the picture (its edges, its bright
#: parts), not the model's reasoning: it **fails**, however convincing its maps look. In Adebayo et al.'s
#: experiments Guided Backpropagation and Guided Grad-CAM failed this way, while gradients and Grad-CAM passed.
#: A reference map marked **flat** is the same everywhere, so it is drawn black and ranks nothing: Guided
#: Grad-CAM multiplies by Grad-CAM of the *logit*, and on a last convolution that feeds a dense layer directly
#: the weighted feature maps can sum below zero everywhere, which the ReLU turns into nothing. Such pictures are
#: left out of the mean rho.
s = sanity_check(model, x_test[0:8], methods: cam_methods + pixel_methods, path: "out/sanity_check.png")

#: ### A random other class
#:
#: A second quick test: explain the predicted class and, on the same picture, a random other class. An
#: explanation of a *decision* should change with the class asked about; if the two maps are nearly the same,
#: the method is not looking at the class at all. Eigen-CAM fails it by construction: it never reads the class.
l = random_logit_check(model, x_test[0:8], methods: cam_methods + pixel_methods, names: class_names,
                       path: "out/random_logit.png")

#: ## 6. What to take away
#:
#: - A saliency map is a claim about the model. Test the claim before believing the picture.
#: - **Faithfulness** asks whether the pixels the map ranks highest really move the model's score: compare
#:   methods with deletion (↓), insertion (↑), confidence drop (↓) and increase (↑) and ROAD (↑), and always
#:   against a random map.
#: - **Sanity** asks whether the map depends on the model and the class at all: a map that survives weight
#:   randomisation or ignores the class explains the picture, not the decision.
#: - The scores disagree between metrics and between pictures; look at several, on right and wrong answers.
