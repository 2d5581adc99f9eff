// Passes that sum the columns of row-major [rows, columns] data (channels-last tensors, a layer's output
// gradient) keep a run of columns' sums in registers through a block of rows. Sums held in memory are loaded and
// stored again for every row, and that chain, not the arithmetic, set those passes' speed. Each block starts from
// the sums so far and stores them back after it, so every sum adds the same values in the same order as a
// row-by-row loop would, and comes out the same bit for bit.
#ifndef CAMLAB_COLUMN_RUNS_H
#define CAMLAB_COLUMN_RUNS_H

/// Rows a block: a block of a run stays in the L1 cache while the other runs of the same rows go through it.
#define COLUMN_BLOCK 64

/// RUN(c0, width) for runs of 32, 16, 8 and single columns that cover 0..<columns, `width` a constant in each
/// call, so that a run's loops unroll and its sums live in registers.
#define FOR_EACH_COLUMN_RUN(columns, RUN)                                                                         \
    do {                                                                                                          \
        int c0 = 0;                                                                                               \
        for (; c0 + 32 <= (columns); c0 += 32) RUN(c0, 32);                                                       \
        if (c0 + 16 <= (columns)) { RUN(c0, 16); c0 += 16; }                                                      \
        if (c0 + 8 <= (columns)) { RUN(c0, 8); c0 += 8; }                                                         \
        for (; c0 < (columns); ++c0) RUN(c0, 1);                                                                  \
    } while (0)

#endif
