print(end: "", 1)   # expect syntax error col 16: positional arguments must come before labelled ones
