if true print(1)   # expect syntax error col 9: expected '{' after the 'if' condition, found 'print'
