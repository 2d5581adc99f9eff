model = sequential([dense(2, input_shape: (3,))])
model.fit(zeros(4, 3), zeros(4))   # expect error col 1: fit needs a compiled model; call compile(model, optimizer: adam, loss: sparse_categorical_crossentropy) first
