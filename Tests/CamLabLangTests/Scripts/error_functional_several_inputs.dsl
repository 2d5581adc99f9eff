x = input(shape: (8, 8, 1))
functional([x, x], conv2d(2, 3)(x))   # expect error col 12: functional: models with several inputs are not supported (got 2)
