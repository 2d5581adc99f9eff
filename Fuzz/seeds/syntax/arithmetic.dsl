# Numbers: precedence, division, remainder with Python's sign rule, powers (right-associative).
print(1 + 2 * 3)            # expect: 7
print((1 + 2) * 3)          # expect: 9
print(7 / 2, 7 % 3, -7 % 3) # expect: 3.5 1 2
print(2 ** 3 ** 2)          # expect: 512
print(-2 ** 2)              # expect: -4
print(0.1 + 0.2)            # expect: 0.30000000000000004
print(1_000_000 * 3)        # expect: 3000000
print(1.5e3, .5)            # expect: 1500 0.5
print(1 < 2, 2 <= 1, 3 == 3.0, 3 != 4)  # expect: true false true true
print(not true or 1 == 1 and false)     # expect: false
print(none or "fallback", 0 and 1)      # expect: fallback 0
print(abs(-3), round(2.345, digits: 2), format(2, digits: 3))  # expect: 3 2.35 2.000
print(number("0.25") * 4, str(12) + "!", type(1), type("a"))    # expect: 1 12! number string
