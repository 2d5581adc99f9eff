total = 0
for i in 0..<10 {
    if i % 2 == 0 { continue }
    if i > 7 { break }
    total = total + i
}
print(total)                  # expect: 16
for (name, value) in [("a", 1), ("b", 2)] { print(name, value) }
# expect: a 1
# expect: b 2
for c in "hi" { print(c) }
# expect: h
# expect: i
n = 0
while n < 100 { n = n + 7 }
print(n)                      # expect: 105
x = 5
if x > 10 {
    print("big")
}
else if x > 3 {
    print("medium")           # expect: medium
} else {
    print("small")
}
if [] { print("never") } else { print("empty lists are false") }  # expect: empty lists are false
for row in tensor([[1, 2], [3, 4]]) { print(row) }
# expect: tensor([1, 2], shape=(2,))
# expect: tensor([3, 4], shape=(2,))
