# The layers real CNNs use, each from its builtin, in one functional model; CAM reads its global average pooling.
inputs = input(shape: (8, 8, 3))
x = rescaling(1 / 255, offset: -0.5)(inputs)
x = conv2d(8, 3, padding: same, use_bias: false, name: "stem")(x)
x = batch_normalization(name: "stem_bn")(x)
x = activation(relu)(x)
y = conv2d(8, 3, padding: same, dilation_rate: 2, use_bias: false)(x)
y = batch_normalization(momentum: 0.9, center: false)(y)
y = leaky_relu(negative_slope: 0.1)(y)
x = add([x, y])
x = average_pooling2d(2, padding: same)(x)
z = global_max_pooling2d()(x)
x = global_average_pooling2d(name: "gap")(x)
x = dense(3, use_bias: false)(x)
outputs = softmax()(x)
m = functional(inputs, outputs, name: "every_layer")
m.summary()
# expect: Model: "every_layer"
# expect: __________________________________________________________________________________________________
# expect:  Layer (type)                Output Shape                 Param #   Connected to
# expect: ==================================================================================================
# expect:  input_1 (InputLayer)        [(None, 8, 8, 3)]            0         []
# expect: 
# expect:  rescaling (Rescaling)       (None, 8, 8, 3)              0         ['input_1[0][0]']
# expect: 
# expect:  stem (Conv2D)               (None, 8, 8, 8)              216       ['rescaling[0][0]']
# expect: 
# expect:  stem_bn (BatchNormalizatio  (None, 8, 8, 8)              32        ['stem[0][0]']
# expect:  n)
# expect: 
# expect:  activation (Activation)     (None, 8, 8, 8)              0         ['stem_bn[0][0]']
# expect: 
# expect:  conv2d (Conv2D)             (None, 8, 8, 8)              576       ['activation[0][0]']
# expect: 
# expect:  batch_normalization (Batch  (None, 8, 8, 8)              24        ['conv2d[0][0]']
# expect:  Normalization)
# expect: 
# expect:  leaky_re_lu (LeakyReLU)     (None, 8, 8, 8)              0         ['batch_normalization[0][0]']
# expect: 
# expect:  add (Add)                   (None, 8, 8, 8)              0         ['activation[0][0]',
# expect:                                                                      'leaky_re_lu[0][0]']
# expect: 
# expect:  average_pooling2d (Average  (None, 4, 4, 8)              0         ['add[0][0]']
# expect:  Pooling2D)
# expect: 
# expect:  gap (GlobalAveragePooling2  (None, 8)                    0         ['average_pooling2d[0][0]']
# expect:  D)
# expect: 
# expect:  dense (Dense)               (None, 3)                    24        ['gap[0][0]']
# expect: 
# expect:  softmax (Softmax)           (None, 3)                    0         ['dense[0][0]']
# expect: ==================================================================================================
# expect: Total params: 872 (3.41 KB)
# expect: Trainable params: 840 (3.28 KB)
# expect: Non-trainable params: 32 (128.00 Byte)
# expect: __________________________________________________________________________________________________
h = m.get_layer("gap").output
head = functional(m.input, dense(2, activation: softmax)(h), name: "head")
head.compile(optimizer: adam, loss: sparse_categorical_crossentropy)
fit(head, ones((4, 8, 8, 3)) * 100, [0, 1, 0, 1], epochs: 1, verbose: false)
e = explain(head, ones((8, 8, 3)) * 100, method: cam, target: 1)
print(e.method, e.layer, e.map.shape)
# expect: CAM average_pooling2d (8, 8)
e2 = explain(m, ones((8, 8, 3)), method: cam, upsample: false)
print(e2.layer, e2.map.shape)
# expect: average_pooling2d (4, 4)
