m = sequential([conv2d(2, 3, input_shape: (8, 8, 1)), flatten(), dense(2, activation: softmax)])
explain(m, zeros(1, 8, 8, 1), method: saliency, steps: 10)   # expect error col 56: explain: steps is a setting of integrated_gradients; saliency does not read it
