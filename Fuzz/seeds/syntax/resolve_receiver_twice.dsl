# A method call passes its receiver as the first argument; naming that argument again is an error.
x = tensor([1.5, 2.5])
f = round
print(f(2.567, digits: 1))     # expect: 2.6
print(x.sum(x: x))             # expect error col 13: sum() got two values for 'x': one from the receiver of '.sum(…)' and one by label
