# Every merge, a named input, trainable: false counted apart, and names given around automatic ones.
x = input(shape: (4,), name: "features")
a = dense(3, name: "a", trainable: false)(x)
b = dense(3)(x)
c = concatenate([a, b])
d = multiply([a, b])
e = subtract([a, b])
f = average([concatenate([d, e], axis: -1), c])
g = functional(x, dense(2, name: "dense_1")(f), name: "merges")
g.summary()
# expect: Model: "merges"
# expect: __________________________________________________________________________________________________
# expect:  Layer (type)                Output Shape                 Param #   Connected to
# expect: ==================================================================================================
# expect:  features (InputLayer)       [(None, 4)]                  0         []
# expect: 
# expect:  a (Dense)                   (None, 3)                    15        ['features[0][0]']
# expect: 
# expect:  dense (Dense)               (None, 3)                    15        ['features[0][0]']
# expect: 
# expect:  concatenate (Concatenate)   (None, 6)                    0         ['a[0][0]',
# expect:                                                                      'dense[0][0]']
# expect: 
# expect:  multiply (Multiply)         (None, 3)                    0         ['a[0][0]',
# expect:                                                                      'dense[0][0]']
# expect: 
# expect:  subtract (Subtract)         (None, 3)                    0         ['a[0][0]',
# expect:                                                                      'dense[0][0]']
# expect: 
# expect:  concatenate_1 (Concatenate  (None, 6)                    0         ['multiply[0][0]',
# expect:  )                                                                   'subtract[0][0]']
# expect: 
# expect:  average (Average)           (None, 6)                    0         ['concatenate_1[0][0]',
# expect:                                                                      'concatenate[0][0]']
# expect: 
# expect:  dense_1 (Dense)             (None, 2)                    14        ['average[0][0]']
# expect: ==================================================================================================
# expect: Total params: 44 (176.00 Byte)
# expect: Trainable params: 29 (116.00 Byte)
# expect: Non-trainable params: 15 (60.00 Byte)
# expect: __________________________________________________________________________________________________
frozen = g.get_layer("a").weights[0]
g.compile()
g.fit(tensor([[1, 2, 3, 4], [0, 1, 0, 1]]), tensor([0, 1]), verbose: false)
print(max(abs(g.get_layer("a").weights[0] - frozen)), g.get_layer("a").trainable)  # expect: 0 false
# sequential is the chain-shaped case, and takes names too.
s = sequential([dense(2, input_shape: (3,), name: "hidden"), dense(1)])
print(s.layer_names, s.input, s.get_layer("dense").input)
# expect: ["hidden", "dense"] <symbolic tensor shape=(None, 3) from input 'input_1'> <symbolic tensor shape=(None, 2) from 'hidden'>
