import Testing
@testable import CamLabNN
@testable import CamLabLang

@Test func progressBarDrawsKerasLikeLinesLiveAndOneLinePerEpoch() throws {
    let output = CapturedOutput(showsProgress: true)
    var bar = ProgressBar(output: output)
    bar.handle(.epochBegan(epoch: 1, epochs: 8, batches: 235))
    bar.handle(.batchEnded(epoch: 1, batch: 37, batches: 235, loss: 1.00123, accuracy: 0.60117))
    var log = EpochLog(epoch: 1, loss: 0.587, accuracy: 0.7913, seconds: 12.2)
    log.validationLoss = 0.51
    log.validationAccuracy = 0.8123
    bar.handle(.epochEnded(log, epochs: 8))
    let live = try #require(output.progressLines.first)
    // 37/235 of 20 cells is 3.15 cells: three full, no half.
    #expect(live.hasPrefix(" 37/235 ━━━───────────────── ETA "))
    #expect(live.hasSuffix("/step - accuracy: 0.6012 - loss: 1.0012"))
    #expect(output.text == """
        Epoch 1/8
        235/235 ━━━━━━━━━━━━━━━━━━━━ 12s 52ms/step - accuracy: 0.7913 - loss: 0.5870 - val_accuracy: 0.8123 - val_loss: 0.5100

        """)
}

@Test func withoutATerminalOnlyEpochLinesArePrinted() {
    let output = CapturedOutput(showsProgress: false)
    var bar = ProgressBar(output: output)
    bar.handle(.epochBegan(epoch: 2, epochs: 2, batches: 3))
    for batch in 1...3 { bar.handle(.batchEnded(epoch: 2, batch: batch, batches: 3, loss: 0.5, accuracy: 0.5)) }
    bar.handle(.interrupted(epoch: 2, batch: 3))
    #expect(output.progressLines.isEmpty)
    #expect(output.text == "Epoch 2/2\nTraining stopped by Ctrl-C in epoch 2 before batch 4; the model keeps its "
            + "weights and model.history its completed epochs.\n")
}

@Test func fitThroughTheLanguagePrintsEpochLines() {
    let output = CapturedOutput()
    let session = Session(output: output)
    let outcome = session.run("""
        m = sequential([dense(2, activation: softmax, input_shape: (3,))])
        m.compile()
        h = m.fit(ones(6, 3), tensor([0, 1, 0, 1, 0, 1]), epochs: 2, batch_size: 4, validation_data: (ones(2, 3), tensor([0, 1])))
        """)
    #expect(outcome.succeeded, "\(output.errors)")
    let lines = output.text.split(separator: "\n").map(String.init)
    #expect(lines.count == 4)
    #expect(lines[0] == "Epoch 1/2")
    #expect(lines[1].hasPrefix("2/2 ━━━━━━━━━━━━━━━━━━━━ "))
    #expect(lines[1].contains("- val_accuracy: 0.5000 - val_loss: "))
    #expect(lines[2] == "Epoch 2/2")
}
