x = input(shape: (8, 8, 1))
a = conv2d(2, 3, name: "stem")(x)
b = conv2d(3, 3)(x)
add([a, b])   # expect error col 1: add: cannot merge (None, 6, 6, 2) from 'stem' and (None, 6, 6, 3) from an unnamed conv2d; add needs inputs of one shape
