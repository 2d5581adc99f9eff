func square(x) { return x * x }
func scaled(x, factor = 2, offset = 0) {
    return x * factor + offset
}
print(square(4), scaled(3), scaled(3, factor: 10), scaled(3, offset: 1, factor: 1))  # expect: 16 6 30 4
func fib(n) {
    if n < 2 { return n }
    return fib(n - 1) + fib(n - 2)
}
print(fib(15))                  # expect: 610
func nothing() { }
print(nothing())                # expect: none
g = 100
func reads_global() { return g + 1 }
func shadows() {
    g = 5
    return g
}
print(reads_global(), shadows(), g)   # expect: 101 5 100
func first_even(xs) {
    for x in xs { if x % 2 == 0 { return x } }
    return none
}
print(first_even([1, 3, 4, 6]), first_even([1]))  # expect: 4 none
# A method call is a function call with the receiver first.
print(3.square(), [1, 2].append(3))   # expect: 9 [1, 2, 3]
print(square)                   # expect: <function square(x)>
