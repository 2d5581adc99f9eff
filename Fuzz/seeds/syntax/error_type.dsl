print("loss: " + 0.5)   # expect error col 7: cannot apply '+' to a string and a number
