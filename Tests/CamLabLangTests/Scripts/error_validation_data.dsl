m = sequential([dense(2, input_shape: (2,))])
compile(m)
fit(m, zeros(4, 2), zeros(4), validation_data: zeros(4, 2), verbose: false)   # expect error col 48: fit: 'validation_data' must be a pair (x_val, y_val) of images and labels, or a dataset, got a tensor of shape (4, 2)
