/// Named values: the words a program uses for colormaps, activations, optimizers and the like.
func registerConstants(in r: BuiltinRegistry) {
    for (name, doc) in [("relu", "max(0, x)"), ("softmax", "exponentials normalised to sum to 1 (class probabilities)"),
                        ("sigmoid", "1 / (1 + e^-x)"), ("tanh", "hyperbolic tangent"), ("linear", "the identity")] {
        r.constant(name, kind: "activation", doc: doc)
    }
    r.constant("same", kind: "padding", doc: "Pads so a convolution keeps the input's height and width.")
    r.constant("valid", kind: "padding", doc: "No padding: a 3×3 convolution shrinks each side by one.")
}
