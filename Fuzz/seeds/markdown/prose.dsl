#: # Title
#: Some *emphasis*, `code`, [a link](http://x), **bold**
#:
#: | a | b |
#: |---|---|
#: | 1 | 2 |
#: - item
#:   1. nested
x = 1
print(x)
#: > quote
#: ```
#: code block
#: ```
