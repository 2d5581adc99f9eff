model = sequential([dense(2, input_shape: (3,))])
model.compile(optimizer: "adamm")   # expect error col 26: compile: unknown optimizer 'adamm'
