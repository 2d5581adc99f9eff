a, b = (1, 2, 3)   # expect error col 1: cannot unpack 3 values into 2 names
