print(round(3.14159, digts: 2))   # expect error col 22: round() has no parameter 'digts'
