c = conv2d(2, 3)
c(zeros(1, 8, 8, 1))   # expect error col 3: a layer is called on a symbolic tensor to describe a model, not on a tensor of shape (1, 8, 8, 1)
                       # expect help: start a model with x = input(shape: (28, 28, 1)); to run a model on data, use predict(model, x)
