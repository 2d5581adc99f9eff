import Foundation
import Testing

/// `camlab-bench explain` with fewer than 200 training images: its timings use 200 test images regardless.
@Test func theExplanationBenchmarkRunsOnAFewTrainingImages() throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: REPLTests.camlab).deletingLastPathComponent()
        .appendingPathComponent("camlab-bench")
    process.arguments = ["explain", "--train", "50", "--rounds", "1", "--methods", "gradcam"]
    let out = Pipe()
    process.standardOutput = out
    process.standardError = out
    try process.run()
    let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit && process.terminationStatus == 0, "\(text.suffix(800))")
    #expect(text.contains("trained 1 epoch on 50 images"), "\(text.suffix(800))")
    #expect(text.contains("Grad-CAM of all 200 test images"), "\(text.suffix(800))")
}
