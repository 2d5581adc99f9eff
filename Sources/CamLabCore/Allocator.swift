import CamLabCPUSetup

/// How CamLab asks the C allocator to treat large blocks.
public enum Allocator {
    /// A training pass allocates and frees tensors of tens of megabytes, batch after batch. glibc serves requests
    /// above its mmap threshold (at most 32 MB, even when it adapts) with a fresh mmap and unmaps them when freed,
    /// so every batch paid page faults on memory it had just returned: a third of the CIFAR-shaped benchmark's
    /// time, and `predict` of 10,000 pictures on a model that never trained 0.84 s instead of 0.34 s. `fit`,
    /// `evaluate`, `predict` and `explain` call this before their first batch, so that blocks up to 1 GB stay in the
    /// heap and up to 256 MB of freed memory at its top is kept for the next batch; not at start-up, so that
    /// loading data (whose large arrays are freed once) does not leave its blocks in the heap (39 MB more peak
    /// memory on the walkthrough's benchmark when it did).
    public static func keepLargeBlocks() { camlab_keep_large_blocks() }
}
