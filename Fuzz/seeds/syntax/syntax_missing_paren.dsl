print("ok")
x = (1 + 2     # expect syntax error col 5: '(' was never closed
