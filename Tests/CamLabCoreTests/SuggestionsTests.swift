import Testing
@testable import CamLabCore

@Test func didYouMeanUsesDamerauLevenshtein() {
    #expect(Suggestions.distance(Array("exlpain"), Array("explain")) == 1)  // one transposition
    #expect(Suggestions.distance(Array("kitten"), Array("sitting")) == 3)
    #expect(Suggestions.closest(to: "lenn", among: ["len", "mean", "zeros"]) == ["len"])
    #expect(Suggestions.didYouMean("colormp", among: ["colormap", "alpha_limit"]) == "did you mean 'colormap'?")
    #expect(Suggestions.didYouMean("zzz", among: ["colormap"]) == nil)
}
