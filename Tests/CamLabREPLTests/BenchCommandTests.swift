import CamLabTestSupport
import Foundation
import Testing

/// `camlab-bench explain` with fewer than 200 training images: its timings use 200 test images regardless.
@Test func theExplanationBenchmarkRunsOnAFewTrainingImages() throws {
    let run = try runBuilt("camlab-bench", ["explain", "--train", "50", "--rounds", "1", "--methods", "gradcam"])
    let text = run.output
    #expect(run.reason == .exit && run.status == 0, "\(text.suffix(800))")
    #expect(text.contains("trained 1 epoch on 50 images"), "\(text.suffix(800))")
    #expect(text.contains("Grad-CAM of all 200 test images"), "\(text.suffix(800))")
}
