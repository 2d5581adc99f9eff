# The resolver finds every misplaced break, continue and return before anything runs.
print("never printed")
break                          # expect syntax error col 1: 'break' outside a loop
func f() {
    continue                   # expect syntax error col 5: 'continue' outside a loop
                               # expect help: a function cannot continue a loop that calls it; return a value and test it in the loop
}
for i in 0..<3 {
    func g() { break }         # expect syntax error col 16: 'break' outside a loop
    if i > 1 { return i }      # expect syntax error col 16: 'return' outside a function
}
