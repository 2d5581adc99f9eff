name = "CamLab"
n = 3
print("hello \(name), \(n + 1) times")   # expect: hello CamLab, 4 times
print("nested \("quote \(n * 2)")")      # expect: nested quote 6
print("tab\there", "quote\"", "back\\slash")  # expect: tab	here quote" back\slash
print("abc"[0], "abcdef"[1:3], "abc"[-1], len("héllo"))  # expect: a bc c 5
print("a" < "b", "a" + "b" == "ab")      # expect: true true
print(join(["x", 1, true], separator: "-"))  # expect: x-1-true
print("no newline", end: "")
print(" continued")                       # expect: no newline continued
print("a", "b", separator: ", ")          # expect: a, b
