import Testing
@testable import CamLabNN
@testable import CamLabLang
@testable import CamLabLibrary

@Test func progressLinesLookLikeKerasLiveAndOncePerEpoch() throws {
    let live = try #require(ProgressLine.live(.progress(epoch: 1, batch: 37, batches: 235, loss: 1.00123,
                                                        accuracy: 0.60117, seconds: 37 * 0.048)))
    // 37/235 of 20 cells is 3.15 cells: three full, no half. ETA = 198 steps × 48 ms.
    #expect(live == " 37/235 ━━━───────────────── ETA 10s - 48ms/step - accuracy: 0.6012 - loss: 1.0012")
    var log = EpochSummary(epoch: 1, loss: 0.587, accuracy: 0.7913, seconds: 12.2)
    log.validationLoss = 0.51
    log.validationAccuracy = 0.8123
    #expect(ProgressLine.logText(.epochBegan(epoch: 1, epochs: 8, batches: 235)) == "Epoch 1/8\n")
    #expect(ProgressLine.logText(.epochEnded(log, epochs: 8, batches: 235)) == """
        235/235 ━━━━━━━━━━━━━━━━━━━━ 12s 52ms/step - accuracy: 0.7913 - loss: 0.5870 - val_accuracy: 0.8123 - val_loss: 0.5100

        """)
    #expect(ProgressLine.logText(.stopped(epoch: 2, batch: 3)) == "Training interrupted in epoch 2 before batch 4; "
            + "the model keeps its weights and model.history its completed epochs.\n")
    #expect(ProgressLine.live(.epochBegan(epoch: 1, epochs: 1, batches: 1)) == nil)
}

private let fitCode = """
    m = sequential([dense(2, activation: softmax, input_shape: (3,))])
    m.compile()
    h = m.fit(ones(6, 3), tensor([0, 1, 0, 1, 0, 1]), epochs: 2, batch_size: 4, validation_data: (ones(2, 3), tensor([0, 1])))
    """

@Test func fitSendsLiveProgressOnlyToMediaThatRedraw() {
    let log = RecordedOutput(medium: .pipe)
    Session(output: log).run(fitCode)
    #expect(!log.trainingUpdates.contains { if case .progress = $0 { true } else { false } })
    #expect(log.trainingUpdates.count == 4)

    let notebook = RecordedOutput(medium: .notebook)
    Session(output: notebook).run(fitCode)
    // The last batch of each epoch is always drawn, so the bar ends full.
    let live = notebook.trainingUpdates.compactMap { update -> Int? in
        if case .progress(_, let batch, let batches, _, _, _) = update, batch == batches { return batch } else { return nil }
    }
    #expect(live == [2, 2])
}

@Test func fitThroughTheLanguagePrintsEpochLines() {
    let output = RecordedOutput()
    let outcome = Session(output: output).run(fitCode)
    #expect(outcome.succeeded, "\(output.errors)")
    let lines = output.text.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0] == "Epoch 1/2")
    #expect(lines[1].hasPrefix("2/2 ━━━━━━━━━━━━━━━━━━━━ "))
    #expect(lines[1].contains("- val_accuracy: 0.5000 - val_loss: "))
    #expect(lines[2] == "Epoch 2/2")
}

@Test func quietFitStillSaysWhenItWasInterrupted() {
    let output = RecordedOutput()
    var progress = TrainingProgress(output: output, verbose: false)
    progress.handle(.epochBegan(epoch: 1, epochs: 1, batches: 3))
    progress.handle(.interrupted(epoch: 1, batch: 1))
    #expect(output.trainingUpdates == [.stopped(epoch: 1, batch: 1)])
}
