return 1   # expect syntax error col 1: 'return' outside a function
