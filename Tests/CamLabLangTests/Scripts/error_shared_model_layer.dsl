x = input(shape: (8, 8, 1))
m = functional(x, flatten()(conv2d(2, 3)(x)))
m.layers[0](x)   # expect error col 1: layer 'conv2d' is already part of a model, and shared layers (one layer called twice) are not supported
