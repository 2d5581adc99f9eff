model = sequential([dense(2)])   # expect error col 9: sequential: the model needs an input shape
