# Needs Debian's dataset-fashion-mnist (Scripts/ensure-deps installs it).
data = fashion_mnist(limit: 20)
x_train, y_train = data.train
x_test, y_test = data.test
print(x_train.shape, y_train.shape, x_test.shape, y_test.shape)   # expect: (20, 28, 28) (20,) (20, 28, 28) (20,)
print(data.class_names)   # expect: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
# The first training label of Fashion-MNIST is 9 (Ankle boot), the first test label also 9.
print(y_train[0], data.class_names[y_train[0]], data.class_names[y_test[0]])   # expect: 9 Ankle boot Ankle boot
print(min(x_train), max(x_train))   # expect: 0 255
x = x_train.reshape(-1, 28, 28, 1) / 255
print(x.shape, max(x))              # expect: (20, 28, 28, 1) 1
print(data)                         # expect: <Fashion-MNIST: 20 training and 20 test images, 28×28>
(a, b), (c, d) = data                # Keras' load_data() shape: ((x_train, y_train), (x_test, y_test))
print(a.shape, d.shape)             # expect: (20, 28, 28) (20,)
