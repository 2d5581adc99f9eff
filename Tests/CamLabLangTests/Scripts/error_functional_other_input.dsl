x = input(shape: (8, 8, 1))
y = input(shape: (8, 8, 1), name: "other")
functional(x, conv2d(2, 3)(y))   # expect error col 15: functional: the output is computed from input 'other' of shape (None, 8, 8, 1), not from 'inputs'; models with several inputs are not supported
