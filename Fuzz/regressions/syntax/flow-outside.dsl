func f() { break }
f()
return 1
continue
round(2.5, x: 7.7)
x = 1﻿
