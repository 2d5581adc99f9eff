import CamLabLang

/// Data sets, models, training and explanations, over CamLabData, CamLabNN, CamLabImaging and CamLabExplain.
func registerMachineLearningBuiltins(in r: BuiltinRegistry) {
    registerDataBuiltins(in: r)
    registerPictureFolderBuiltins(in: r)
    registerModelBuiltins(in: r)
    registerLayerBuiltins(in: r)
    registerFunctionalBuiltins(in: r)
    registerImageBuiltins(in: r)
    registerExplainBuiltins(in: r)
    registerMetricsBuiltins(in: r)
    registerJudgingBuiltins(in: r)
    registerModelFileBuiltins(in: r)
}
