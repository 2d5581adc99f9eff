ok = 1 < 2 < 3   # expect syntax error col 12: comparisons cannot be chained; write 'a < b and b < c'
