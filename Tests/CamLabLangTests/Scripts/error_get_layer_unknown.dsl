x = input(shape: (8, 8, 1))
m = functional(x, flatten()(conv2d(2, 3)(x)))
m.get_layer("conv2")   # expect error col 13: get_layer: model 'model' has no layer named 'conv2'; did you mean 'conv2d'? Its layers are: conv2d, flatten
