print("hello)   # expect syntax error col 7: unterminated string
