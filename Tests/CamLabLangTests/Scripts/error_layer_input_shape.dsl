x = input(shape: (4,))
h = dense(8)(x)
conv2d(2, 3)(h)   # expect error col 1: conv2d: Conv2D 'conv2d' expects inputs of shape (height, width, channels), got (8,); add a Reshape/Input of rank 3 before it
