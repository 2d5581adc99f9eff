func divide(a, b) {
    return a / b         # expect error col 12: division by zero
}
print(divide(1, 0))
