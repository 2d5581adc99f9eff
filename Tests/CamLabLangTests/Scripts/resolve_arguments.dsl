# Calls of builtins and of functions the script declares are checked before the script runs.
print("never printed")
round(2.5, x: 7.7)             # expect error col 12: round() got two values for 'x': one by position and one by label
                               # expect help: its signature is round(x, digits: 0)
dense(10, units: 20)           # expect error col 11: dense() got two values for 'units': one by position and one by label
func area(w, h = 1) { return w * h }
area(2, 3, 4)                  # expect error col 12: area() takes 2 positional arguments (w, h) but 3 were given
area(h: 2)                     # expect error col 1: area() is missing argument 'w'
                               # expect help: its signature is area(w, h = 1)
area(2, depth: 3)              # expect error col 9: area() has no parameter 'depth'
a, a = 1, 2                    # expect syntax error col 4: 'a' is bound twice in one assignment
