# The functional API: a residual CNN from symbolic tensors, its summary, training, and a new head on its layers.
seed(3)
values = []
for i in 0..<(64 * 64) { values = values + [random_int(0, 100) / 100] }
xs = tensor(values).reshape(64, 8, 8, 1)
labels = []
for i in 0..<64 { labels = labels + [random_int(0, 3)] }
ys = tensor(labels)
x = input(shape: (8, 8, 1))
print(x)                                    # expect: <symbolic tensor shape=(None, 8, 8, 1) from input 'input_1'>
func residual(seed) {
    x = input(shape: (8, 8, 1))
    stem = conv2d(4, 3, padding: same, activation: relu, name: "stem")(x)
    h = conv2d(4, 3, padding: same, activation: relu)(stem)
    h = conv2d(4, 3, padding: same)(h)
    h = add([h, stem])
    print(h, h.shape)
    h = flatten()(h)
    return functional(x, dense(3, activation: softmax)(h), seed: seed, name: "residual")
}
m = residual(1)
# expect: <symbolic tensor shape=(None, 8, 8, 4) from an unnamed add> (none, 8, 8, 4)
m.summary()
# expect: Model: "residual"
# expect: __________________________________________________________________________________________________
# expect:  Layer (type)                Output Shape                 Param #   Connected to
# expect: ==================================================================================================
# expect:  input_1 (InputLayer)        [(None, 8, 8, 1)]            0         []
# expect: 
# expect:  stem (Conv2D)               (None, 8, 8, 4)              40        ['input_1[0][0]']
# expect: 
# expect:  conv2d (Conv2D)             (None, 8, 8, 4)              148       ['stem[0][0]']
# expect: 
# expect:  conv2d_1 (Conv2D)           (None, 8, 8, 4)              148       ['conv2d[0][0]']
# expect: 
# expect:  add (Add)                   (None, 8, 8, 4)              0         ['conv2d_1[0][0]',
# expect:                                                                      'stem[0][0]']
# expect: 
# expect:  flatten (Flatten)           (None, 256)                  0         ['add[0][0]']
# expect: 
# expect:  dense (Dense)               (None, 3)                    771       ['flatten[0][0]']
# expect: ==================================================================================================
# expect: Total params: 1107 (4.32 KB)
# expect: Trainable params: 1107 (4.32 KB)
# expect: Non-trainable params: 0 (0.00 Byte)
# expect: __________________________________________________________________________________________________
print(m)                                    # expect: <model 'residual': 6 layers, 1107 parameters, input (8, 8, 1) → output (3,)>
# The same seed gives the same weights; another seed other weights.
again = residual(1)
# expect: <symbolic tensor shape=(None, 8, 8, 4) from an unnamed add> (none, 8, 8, 4)
other = residual(2)
# expect: <symbolic tensor shape=(None, 8, 8, 4) from an unnamed add> (none, 8, 8, 4)
print(max(abs(again.predict(xs) - m.predict(xs))), max(abs(other.predict(xs) - m.predict(xs))) > 0)  # expect: 0 true
m.compile(learning_rate: 0.01)
h = m.fit(xs, ys, epochs: 1, batch_size: 16, verbose: false)
print(h.epochs, m.predict(xs).shape)        # expect: 1 (64, 3)
print(m.output)                             # expect: <symbolic tensor shape=(None, 3) from 'dense'>
stem = m.get_layer("stem")
print(stem, stem.name, stem.trainable, stem.output_shape, len(stem.weights))  # expect: <layer stem (Conv2D) → (8, 8, 4)> stem true (8, 8, 4) 2
print(stem.input == m.input, stem.output)   # expect: true <symbolic tensor shape=(None, 8, 8, 4) from 'stem'>
print(m.layers[3].input)                    # expect: [<symbolic tensor shape=(None, 8, 8, 4) from 'conv2d_1'>, <symbolic tensor shape=(None, 8, 8, 4) from 'stem'>]
# A new head on the trained layers: they are shared, as in Keras, so training one model changes the other.
head = dense(2, activation: softmax, name: "head")(m.get_layer("flatten").output)
m2 = functional(m.input, head, name: "two_classes")
print(m2.layer_names)                       # expect: ["stem", "conv2d", "conv2d_1", "add", "flatten", "head"]
before = m.get_layer("stem").weights[0]
m2.compile(learning_rate: 0.05)
m2.fit(xs, ys % 2, epochs: 1, batch_size: 16, verbose: false)
print(max(abs(m.get_layer("stem").weights[0] - before)) > 0)  # expect: true
print(max(abs(m.get_layer("stem").weights[0] - m2.get_layer("stem").weights[0])))  # expect: 0
# A frozen layer keeps its weights through fit (in both models: it is one layer).
set_trainable(m2.get_layer("stem"), false)
frozen = m2.get_layer("stem").weights[0]
m2.fit(xs, ys % 2, epochs: 1, batch_size: 16, verbose: false)
print(max(abs(m2.get_layer("stem").weights[0] - frozen)), m.get_layer("stem").trainable)  # expect: 0 false
# The same switch as a member assignment, Keras' spelling.
m2.get_layer("stem").trainable = true
print(m.get_layer("stem").trainable, m2.layers[0].trainable)  # expect: true true
m2.layers[0].trainable = false
print(m.get_layer("stem").trainable)       # expect: false
