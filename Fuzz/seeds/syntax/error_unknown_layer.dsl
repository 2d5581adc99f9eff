m = sequential([conv2d(2, 3, input_shape: (8, 8, 1)), flatten(), dense(2, activation: softmax)])
explain(m, zeros(1, 8, 8, 1), layer: "")   # expect error col 38: explain: model 'sequential' has no layer named ""
