import Testing
@testable import CamLabReport

@Test func redrawnBarKeepsOnlyItsFinalEpochLines() {
    let printed = " 10/100 [==>.......] Epoch 1/2 loss: 0.9\r 50/100 [====>.....] Epoch 1/2 loss: 0.7"
        + "\rEpoch 1/2 100/100 [==========] loss: 0.52 acc: 0.81\n"
        + "\r 20/100 [=>........] Epoch 2/2 loss: 0.5\rEpoch 2/2 100/100 [==========] loss: 0.41 acc: 0.85\n"
        + "test accuracy 0.84\n"
    #expect(ProgressText.collapse(printed) == """
    Epoch 1/2 100/100 [==========] loss: 0.52 acc: 0.81
    Epoch 2/2 100/100 [==========] loss: 0.41 acc: 0.85
    test accuracy 0.84

    """)
}

@Test func pipedBarLinesCollapseToTheLastLineOfEachEpoch() {
    let printed = """
    Epoch 1/2 1/3 [===>......] loss: 1.0
    Epoch 1/2 2/3 [======>...] loss: 0.8
    Epoch 1/2 3/3 [==========] loss: 0.7 val_loss: 0.75
    Epoch 2/2 1/3 [===>......] loss: 0.6
    Epoch 2/2 3/3 [==========] loss: 0.5 val_loss: 0.6
    done
    """
    #expect(ProgressText.collapse(printed) == """
    Epoch 1/2 3/3 [==========] loss: 0.7 val_loss: 0.75
    Epoch 2/2 3/3 [==========] loss: 0.5 val_loss: 0.6
    done
    """)
}

@Test func plainOutputIsUntouched() {
    let text = "accuracy: 0.9\n[1, 2, 3]\nEpoch 3/5 loss: 0.4\n"
    #expect(ProgressText.collapse(text) == text)
}

@Test func ansiEscapesAreRemoved() {
    #expect(ProgressText.stripANSI("\u{1B}[1;31merror\u{1B}[0m: x\u{1B}]0;title\u{07}") == "error: x")
}

@Test func windowsLineEndsAreLineEnds() {
    #expect(ProgressText.collapse("a\r\nb\r\n") == "a\nb\n")
}
