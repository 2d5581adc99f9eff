seed(7)
a = random_int(0, 1000)
seed(7)
b = random_int(0, 1000)
print(a == b, a >= 0 and a < 1000)   # expect: true true
help(len)
# expect: len(value)
# expect:   The number of items of a list, tuple, string or range, or the first extent of a tensor.
help("round")
# expect: round(x, digits: 0)
# expect:   Rounds a number to the given decimal digits (negative digits round to tens, hundreds, …).
help(relu)                           # expect: relu: activation. max(0, x)
help("lenn")                         # expect: no builtin named 'lenn' (did you mean 'len'?); help() lists them all
assert(1 + 1 == 2)
