total = 1
print(totl + 1)   # expect error col 7: unknown name 'totl'
