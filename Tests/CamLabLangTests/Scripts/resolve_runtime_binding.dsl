# The same binder checks calls the resolver cannot identify (methods, functions held in variables), as they run.
m = sequential([dense(2, input_shape: (3,))])
print(m.summary.count)         # expect error col 9: a model has no member 'summary'
