print(1, (2 + 3)
y = 4          # expect syntax error col 1: expected ')' to close the call, found 'y'
