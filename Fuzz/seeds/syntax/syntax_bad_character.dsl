x = 3 $ 4    # expect syntax error col 7: unexpected character '$'
