a = 1
print(a == !a)                 # expect syntax error col 12: '!' applies to a whole comparison and cannot follow an operator; put it in brackets, as in 'a == (!b)'
