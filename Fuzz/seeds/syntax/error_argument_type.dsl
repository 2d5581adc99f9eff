print(round("3.5"))   # expect error col 13: round: 'x' must be a number, got string "3.5"
