x = input(shape: (4,))
m = functional(x, dense(2)(x))
m.layers[0].trainable = false
m.name = "other"   # expect error col 3: a model's member 'name' cannot be assigned
