/// Data sets, models, training and explanations, over CamLabData, CamLabNN, CamLabImaging and CamLabExplain.
func registerMachineLearningBuiltins(in r: BuiltinRegistry) {
}

/// Saving and loading tensors, images and weights.
func registerFileBuiltins(in r: BuiltinRegistry) {
}
