# After an error the parser skips to the next statement, so one typo gives one error.
x = 1 +* 2     # expect syntax error col 8: expected an expression, found '*'
