x = input(shape: (8, 8, 1))
c = conv2d(2, 3, padding: same)
a = c(x)
b = c(a)   # expect error col 5: this conv2d layer was already called on a tensor, and shared layers (one layer called twice) are not supported
