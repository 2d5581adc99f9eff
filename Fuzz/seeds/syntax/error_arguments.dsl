reshape()   # expect error col 1: reshape() is missing argument 'x'
