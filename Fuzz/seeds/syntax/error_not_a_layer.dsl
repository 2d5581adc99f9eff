model = sequential([dense(2, input_shape: (3,)), 5])   # expect error col 20: sequential: every item of 'layers' must be a layer such as conv2d(…) or dense(…), got number 5
