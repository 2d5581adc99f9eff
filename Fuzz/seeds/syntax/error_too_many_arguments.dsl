dense(1, 2, 3, 4)   # expect error col 10: dense() takes 1 positional argument (units) but 4 were given
