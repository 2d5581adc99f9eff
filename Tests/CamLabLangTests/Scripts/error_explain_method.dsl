m = sequential([conv2d(2, 3, input_shape: (8, 8, 1)), flatten(), dense(2, activation: softmax)])
explain(m, zeros(1, 8, 8, 1), method: "gradcam+")   # expect error col 39: explain: unknown explanation method 'gradcam+'
