#: # Your own pictures: a folder of colour photos, trained on and explained
#:
#: Most people who want to explain a network have pictures of their own: JPEG and PNG files of any size, in
#: colour, sorted into one folder per class. This walkthrough makes such a folder, reads it the way Keras'
#: `image_dataset_from_directory` reads it, trains a small network on it, and asks Grad-CAM where the network
#: looked, drawn over the colour pictures. At the end, `camlab explain` explains the whole folder from the command
#: line, the way one would on a folder too big for a script.
#:
#: Run it with `Scripts/camlab Examples/own_pictures.dsl`, or as a page with
#: `Scripts/camlab report Examples/own_pictures.dsl -o own_pictures.html`. Everything it writes goes to
#: `out/own_pictures/`. The two numbers below set its size: more pictures and epochs give a better network and a
#: longer run.
versions()
seed(19)
pictures_per_class = 60
epochs = 12
root = "out/own_pictures"

#: ## 1. A folder of photos
#:
#: We have no camera here, so we make the photos from Fashion-MNIST: each 28×28 grey picture of a trouser,
#: pullover, sneaker or bag becomes a colour photo, the garment in a random dark colour on a random light
#: background, enlarged to a random size between 36 and 96 pixels a side, and saved as JPEG (two in three) or PNG. Each class
#: gets its own sub-folder, which is all `image_dataset_from_directory` needs to know the labels:
#: `photos/bag/3.jpg`, `photos/trouser/0.png`, …
#:
#: The colour of a photo says nothing about its class, so the network has to learn the shapes.
(x_fashion, y_fashion), _ = fashion_mnist(limit: 2000)
classes = [(1, "trouser"), (2, "pullover"), (7, "sneaker"), (8, "bag")]
written = 0
for (label, folder) in classes {
    count = 0
    i = 0
    while count < pictures_per_class {
        if y_fashion[i] == label {
            garment = x_fashion[i].reshape(28, 28, 1) / 255
            fabric = tensor([random_int(0, 160), random_int(0, 160), random_int(0, 160)])
            background = tensor([random_int(170, 256), random_int(170, 256), random_int(170, 256)])
            photo = image(garment * fabric + (1 - garment) * background,
                          size: (random_int(36, 97), random_int(36, 97)), resampling: bilinear)
            if count % 3 == 0 {
                save(photo, "\(root)/photos/\(folder)/\(count).png")
            } else {
                save(photo, "\(root)/photos/\(folder)/\(count).jpg", quality: 90)
            }
            count = count + 1
            written = written + 1
        }
        i = i + 1
    }
}
print("wrote", written, "photos to", root + "/photos")
show(photo, title: "the last photo, a bag")

#: ## 2. Reading the folder as Keras does
#:
#: `image_dataset_from_directory` takes the class names from the sorted sub-folder names, finds the pictures
#: (`.bmp .gif .jpeg .jpg .png`, in any case) in sorted order, shuffles them with the seed exactly as Keras
#: shuffles them, and keeps the last quarter for validation (`validation_split: 0.25`). Every picture is
#: resized to 48×48 as `tf.image.resize` does and kept in 0…255, so the model divides by 255 itself.
#: `subset: "both"` returns the training and the validation part of one shuffle, which never overlap. Below,
#: four training pictures as the network will see them, enlarged three times by `big`, with their classes.
train, val = image_dataset_from_directory(root + "/photos", image_size: (48, 48), validation_split: 0.25,
                                          subset: "both", seed: 7)
print(train)
print(val)
class_names = train.class_names
print("classes:", class_names)
print("first files:", train.files[0], train.files[1])
func big(picture) { return image(picture, size: (144, 144), resampling: bilinear) }
show(side_by_side(big(train.x[0]), big(train.x[1]), big(train.x[2]), big(train.x[3]),
                  titles: [class_names[train.y[0]], class_names[train.y[1]], class_names[train.y[2]],
                           class_names[train.y[3]]]))

#: With `label_mode: "categorical"` the labels would be one-hot rows for `categorical_crossentropy`, and with
#: `labels: none` there would be no labels at all, for pictures to predict or explain only.

#: ## 3. A small network, trained on the dataset
#:
#: `rescaling(1 / 255)` brings the pixels to 0…1 inside the model, so the model takes pictures as they come
#: from the folder (and from `camlab explain`). Three convolutions find edges, then parts; `flatten` lays the
#: last 32 feature maps out in one row and one dense layer turns them into four probabilities. `fit`, `evaluate`
#: and `predict` take the datasets themselves, labels and all, as Keras' do. With so few photos the network soon
#: knows its training pictures by heart (training accuracy 1); the validation pictures say how well it does on
#: photos it has not seen.
model = sequential([
    rescaling(1 / 255, input_shape: (48, 48, 3)),
    conv2d(16, 3, padding: same, activation: relu),
    max_pooling2d(2),
    conv2d(32, 3, padding: same, activation: relu),
    max_pooling2d(2),
    conv2d(32, 3, padding: same, activation: relu, name: "features"),
    flatten(),
    dense(4, activation: softmax),
], seed: 7, name: "own_pictures")
model.summary()
model.compile(optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy], learning_rate: 0.003)
history = model.fit(train, epochs: epochs, batch_size: 16, validation_data: val)
loss, accuracy = model.evaluate(val)
print("validation accuracy:", format(accuracy, digits: 3))
predicted = argmax(model.predict(val), axis: 1)

#: ## 4. Where the network looked, in colour
#:
#: `explain(model, val)` explains every validation picture with Grad-CAM at the last convolution, naming the
#: classes from the dataset. Each explanation is drawn over the colour picture the network saw (48×48): the
#: map's colours cover the picture where the evidence is strong and let it show through where it is weak. The
#: titles say what the network predicted. Saved as PNG, or as JPEG with `quality:`. On these photos the
#: network mostly looks at the outline and the background the garment cuts out of it — the gap between a
#: trouser's legs, the hem of a pullover — as a small network trained on few pictures often does.
explanations = explain(model, val, layer: "features")
for i in 0..<4 {
    print("picture \(i): \(val.files[i]), a \(class_names[val.y[i]]), explained as \(explanations[i].target_name)")
    save(explanations[i], "\(root)/gradcam_\(i).png")
}
save(explanations[0], "\(root)/gradcam_0.jpg", quality: 90)
show(side_by_side(big(explanations[0]), big(explanations[1]), big(explanations[2]), big(explanations[3]),
                  titles: [class_names[predicted[0]], class_names[predicted[1]], class_names[predicted[2]],
                           class_names[predicted[3]]]))

#: ## 5. The whole folder, from the command line
#:
#: A script explains the pictures it holds in memory. For a whole folder — thousands of photos, or millions
#: spread over machines — save the model and let `camlab explain` go through the files: it resizes every
#: picture to the model's 48×48 as the dataset did, and writes one overlay per picture under `--out`, mirroring
#: the folders, with an `index-1-of-1.jsonl` naming each picture's class and score. The model has its own
#: `rescaling`, so the pixels go in as they are (a model without one would need `--rescale 1/255`).
#:
#: ```sh
#: camlab explain out/own_pictures/model.keras out/own_pictures/photos --out out/own_pictures/maps \
#:     --layer features --class-names bag,pullover,sneaker,trouser
#: ```
#:
#: `--shard 3/8` would take the third of eight parts, so eight machines can share the folder; the README's
#: "Explaining a folder" shows how.
save_model(model, root + "/model.keras")
print("camlab explain \(root)/model.keras \(root)/photos --out \(root)/maps --layer features --class-names "
      + join(class_names, separator: ","))
