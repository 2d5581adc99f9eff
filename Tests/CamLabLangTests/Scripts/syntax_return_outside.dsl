return 1   # expect error col 1: 'return' outside a function
