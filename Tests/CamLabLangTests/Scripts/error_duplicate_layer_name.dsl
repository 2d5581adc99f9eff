x = input(shape: (8, 8, 1))
a = conv2d(2, 3, name: "stem")(x)
b = conv2d(3, 3, name: "stem")(a)   # expect error col 5: conv2d: the name 'stem' is already taken by the conv2d layer with output (None, 6, 6, 2) that this one reads from; layer names must be unique within a model
