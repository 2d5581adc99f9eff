print("before")          # expect: before
x = [1, 2, 3]
print(x[3])              # expect error col 9: index 3 is out of range for 3 items
print("never printed")
