m = sequential([dense(2, input_shape: (2,))])
explain(m, zeros(1, 2), targets: [-1])   # expect error col 34: explain: class indexes cannot be negative, got -1 in 'targets'
