import CamLabCore

extension Model {
    /// Refuses a batch whose layer outputs would exceed `budget`: a training pass keeps every layer's output for
    /// the whole batch, so each layer's share is checked before any is allocated. `examples` is how many there are
    /// to go through (a batch is never larger); the message names the first layer that does not fit.
    func checkBatch(_ batchSize: Int, of examples: Int, budget: MemoryBudget) throws(Problem) {
        let size = min(batchSize, examples)
        for layer in layers {
            do {
                // As Doubles: a product of extents cannot overflow while it is checked.
                try budget.check(elements: layer.outputShape.reduce(Double(size)) { $0 * Double($1) },
                                 for: "a batch of \(size) examples through layer '\(layer.name)' "
                                     + "(output \(layer.outputShape.shapeDescription) each)")
            } catch {
                throw Problem(error.message, help: "use a smaller batch_size, or a smaller model; " + (error.help ?? ""))
            }
        }
    }
}
