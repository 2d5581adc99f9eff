xs = [1, 2, 3]
print(xs, len(xs), xs.count, xs[-1], xs[1:], xs[:2], xs[5:])  # expect: [1, 2, 3] 3 3 3 [2, 3] [1, 2] []
xs[0] = 10
print(xs, append(xs, 4), xs + [0])        # expect: [10, 2, 3] [10, 2, 3, 4] [10, 2, 3, 0]
t = (1, "two", [3])
print(t, t[1], (5,), ())                  # expect: (1, "two", [3]) two (5,) ()
a, b = 1, 2
a, b = b, a
print(a, b)                               # expect: 2 1
(w, (x, y)), z = (1, (2, 3)), 4
print(w, x, y, z)                         # expect: 1 2 3 4
[p, q] = [7, 8]
print(p + q)                              # expect: 15
print([1, [2, 3]] == [1, [2, 3]], (1, 2) == [1, 2])  # expect: true false
print(range(3), range(2, 5), len(0..<10), (0...3)[3])  # expect: 0..<3 2..<5 10 3
print(range(0, 10, step: 3))              # expect: [0, 3, 6, 9]
