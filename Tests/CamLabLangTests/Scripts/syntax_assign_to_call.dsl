len(x) = 3   # expect syntax error col 1: cannot assign to this expression; the left side of '=' must be a name, a tuple of names, an element like xs[0] or a member like layer.trainable
