# A tiny model on XOR: layers, summary, compile, fit, predict, evaluate, weights round trip.
x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
y = tensor([0, 1, 1, 0])
func make(seed) {
    return sequential([dense(8, activation: relu, input_shape: (2,)), dense(2, activation: softmax)], seed: seed)
}
model = make(0)
print(model.layer_names, model.input_shape, model.output_shape, model.parameter_count)  # expect: ["dense", "dense_1"] (2,) (2,) 42
model.summary()
# expect: Model: "sequential"
# expect: _________________________________________________________________
# expect:  Layer (type)                Output Shape              Param #
# expect: =================================================================
# expect:  dense (Dense)               (None, 8)                 24
# expect: 
# expect:  dense_1 (Dense)             (None, 2)                 18
# expect: =================================================================
# expect: Total params: 42 (168.00 Byte)
# expect: Trainable params: 42 (168.00 Byte)
# expect: Non-trainable params: 0 (0.00 Byte)
# expect: _________________________________________________________________
print(model.compiled)                       # expect: false
model.compile(optimizer: adam, loss: sparse_categorical_crossentropy, metrics: [accuracy], learning_rate: 0.05)
print(model.compiled)                       # expect: true
h = model.fit(x, y, epochs: 3, batch_size: 4, verbose: false)
print(h.epochs, len(h.loss), len(h.val_loss), model.history.epochs)  # expect: 3 3 0 3
p = model.predict(x)
print(p.shape, abs(sum(p) - 4) < 0.0001)    # expect: (4, 2) true
loss, acc = model.evaluate(x, y)
print(type(loss), acc >= 0 and acc <= 1)    # expect: number true
save_weights(model, "xor.safetensors")
other = make(7)
print(max(abs(other.predict(x) - p)) > 0)   # expect: true
load_weights(other, "xor.safetensors")
print(max(abs(other.predict(x) - p)))       # expect: 0
save(p, "p.npy")
print(max(abs(load("p.npy") - p)))  # expect: 0
print(conv2d(4, (3, 3), padding: same).kind, flatten().kind, max_pooling2d().kind, dropout(0.5).kind)  # expect: conv2d flatten max_pooling2d dropout
cnn = sequential([conv2d(2, 3, padding: same, activation: relu), max_pooling2d(), flatten(), dropout(0.2), dense(3)], input_shape: (4, 4, 1))
print(cnn.layers[0].output_shape, cnn.layers[1].output_shape, cnn.output_shape)  # expect: (4, 4, 2) (2, 2, 2) (3,)
print(cnn.predict(zeros(5, 4, 4, 1)).shape)  # expect: (5, 3)
