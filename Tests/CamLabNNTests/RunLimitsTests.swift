import Testing
import CamLabCore
@testable import CamLabNN

/// `fit`, `predict` and `evaluate` take the interruption and the memory budget the same way, as one `RunLimits`.
@Suite struct RunLimitsTests {
    private func model() throws -> Model {
        let model = try Model(inputShape: [3], layers: [Dense(units: 4, activation: .relu), Dense(units: 2, activation: .softmax)])
        model.compile(optimizer: SGD(), loss: .sparseCategoricalCrossentropy)
        return model
    }

    private func stopped() -> RunLimits {
        let flag = InterruptionFlag()
        flag.request()
        return RunLimits(interruption: flag)
    }

    @Test func aRequestedStopEndsPredictAndEvaluateBeforeTheirFirstPass() throws {
        let m = try model()
        #expect(throws: Interrupted.self) { try m.predict(Tensor.zeros([8, 3]), limits: stopped()) }
        #expect(throws: Interrupted.self) { try m.evaluate(x: Tensor.zeros([8, 3]), y: Tensor.zeros([8]), limits: stopped()) }
        // fit keeps what it did: it returns, marked interrupted, before its first batch.
        let result = try m.fit(x: Tensor.zeros([8, 3]), y: Tensor.zeros([8]), limits: stopped())
        #expect(result.interrupted && result.history.epochs.isEmpty)
        #expect(try m.predict(Tensor.zeros([8, 3])).shape == [8, 2])
    }

    @Test func aBatchBeyondTheBudgetIsRefusedNamingTheLayer() throws {
        let m = try model()
        let small = RunLimits(budget: MemoryBudget(bytes: 64))
        let message = "a batch of 8 examples through layer 'dense' (output (4,) each) would need 128 bytes; "
            + "the memory budget is 64 bytes"
        for run in [{ _ = try m.predict(Tensor.zeros([8, 3]), limits: small) },
                    { _ = try m.evaluate(x: Tensor.zeros([8, 3]), y: Tensor.zeros([8]), limits: small) },
                    { _ = try m.fit(x: Tensor.zeros([8, 3]), y: Tensor.zeros([8]), batchSize: 8, limits: small) }] {
            let error = #expect(throws: Problem.self) { try run() }
            #expect(error?.message == message)
            #expect(error?.help?.hasPrefix("use a smaller batch_size, or a smaller model; ") == true)
        }
        // Fewer examples than the batch size: the batch is only as large as the data.
        #expect(try m.predict(Tensor.zeros([2, 3]), batchSize: 256, limits: RunLimits(budget: MemoryBudget(bytes: 32))).shape == [2, 2])
    }
}
