# `!` and `not` are one operator, below the comparisons as in Python.
a = 1
print(!a == 2)                 # expect: true
print(not a == 2)              # expect: true
print(!(a == 1) or a == 1)     # expect: true
print(!false and not false)    # expect: true
print(zeros(shape: 3).shape)   # expect: (3,)
print(zeros(shape: (2, 3)).shape)  # expect: (2, 3)
