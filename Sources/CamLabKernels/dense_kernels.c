// A dense layer's three products when it has few units (a classifier's head: 10 classes over thousands of
// features). sgemm packs its operands for wide products; with 10 units its panels are mostly padding, and on one
// core the walkthrough's head (6,272 features) read its input at 5–6 GB/s. Here every product runs along the
// features, 8 at a time, in register blocks of 2 rows (or 2 runs of 8 features) × up to 6 units: each vector
// loaded meets 2 or up to 6 others, so the loads keep up with the multiply-adds, and the input is read in order.
//
// The vectors are 8 floats in every copy and each sum adds its terms in the same order whatever the blocks, so
// the results are the same bit for bit on every CPU with fused multiply-adds (AVX2 and AVX-512 have them).
#include "CamLabKernels.h"
#include "widest_vectors.h"

// The vector helpers are static and always inlined, so their 8-float vectors never cross a real call boundary in
// the baseline copy; the ABI note Clang gives for them does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

typedef float dense_vec __attribute__((vector_size(32)));

/// Units a register block holds: 2 × 6 sums and 3 operands fill 15 of AVX2's 16 vector registers. Layers with
/// more units go through in runs of at most this many.
#define UNITS_A_RUN 6

/// Features a block of the forward pass and the input gradient. A run reads the panels' lines of every unit
/// (units · 512 floats: 20 KB for 10 units), which with two rows of the input (4 KB) stay in the L1 cache while the
/// rows go through. (The walkthrough's head from the L3 cache, 128 rows a core: 0.33 ms with blocks of 1,024
/// features, 0.24 with 512, 0.32 with 128; sgemm 0.35.)
#define FEATURE_BLOCK 512

static inline __attribute__((always_inline)) dense_vec load(const float *p) {
    dense_vec v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}
static inline __attribute__((always_inline)) void store(float *p, dense_vec v) { __builtin_memcpy(p, &v, sizeof v); }
static inline __attribute__((always_inline)) float total(dense_vec v) {
    return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}

/// RUN(u0, count) for runs of units that cover 0..<units, `count` (≤ UNITS_A_RUN) a constant in each call so its
/// loops unroll: as few runs as can be, of equal sizes (10 units: 5 and 5).
#define FOR_EACH_UNIT_RUN(units, RUN)                                                                             \
    do {                                                                                                          \
        const int runs = ((units) + UNITS_A_RUN - 1) / UNITS_A_RUN;                                               \
        for (int run = 0, u0 = 0; run < runs; ++run) {                                                            \
            const int count = (units) / runs + (run < (units) % runs);                                            \
            switch (count) {                                                                                      \
            case 1: RUN(u0, 1); break;                                                                            \
            case 2: RUN(u0, 2); break;                                                                            \
            case 3: RUN(u0, 3); break;                                                                            \
            case 4: RUN(u0, 4); break;                                                                            \
            case 5: RUN(u0, 5); break;                                                                            \
            default: RUN(u0, 6); break;                                                                           \
            }                                                                                                     \
            u0 += count;                                                                                          \
        }                                                                                                         \
    } while (0)

/// RUN(u0, count) for every run of units of rows n, n + 1 (ROWS = 2) and, when `rows` is odd, of the last row alone
/// (ROWS = 1): ROWS and count are constants in each call, `n` the first of its rows.
#define FOR_EACH_ROW_PAIR_AND_UNIT_RUN(rows, units, RUN)                                                          \
    do {                                                                                                          \
        long n = 0;                                                                                               \
        for (; n + 2 <= (rows); n += 2) {                                                                         \
            enum { ROWS = 2 };                                                                                    \
            FOR_EACH_UNIT_RUN(units, RUN);                                                                        \
        }                                                                                                         \
        if (n < (rows)) {                                                                                         \
            enum { ROWS = 1 };                                                                                    \
            FOR_EACH_UNIT_RUN(units, RUN);                                                                        \
        }                                                                                                         \
    } while (0)

/// The kernel ([features][units], Keras' layout) in panels: for each 8 features, the units' 8 weights one after
/// another, packed[(f / 8)·units·8 + u·8 + f % 8] = kernel[f][u], the last panel padded with zeros. A block of
/// products then reads its weights at constant offsets from one pointer, in the order they lie in memory.
void camlab_dense_pack_kernel(const float *restrict kernel, int features, int units, float *restrict packed) {
    // Panel by panel, each an 8 × units transpose of consecutive rows: both sides in order.
    for (int f0 = 0; f0 < features; f0 += 8, packed += (long)units * 8) {
        const float *restrict rows = kernel + (long)f0 * units;
        const int width = features - f0 < 8 ? features - f0 : 8;
        for (int u = 0; u < units; ++u)
            for (int j = 0; j < 8; ++j) packed[u * 8 + j] = j < width ? rows[(long)j * units + u] : 0;
    }
}

// ---- forward ---------------------------------------------------------------------------------------------------
// y[n + r][u0 + u] for r < ROWS, u < COUNT: the block of features first..<end of Σ_f x[n + r][f] · kernel[f][u],
// added to y (or to the bias, for the first block). `panel` points at the block's first panel, at unit u0.
static inline __attribute__((always_inline)) void forward_block(
    const int ROWS, const int COUNT, const float *restrict x, int features, const float *restrict panel,
    long panelSize, int first, int end, const float *restrict bias, float *restrict y, int units) {
    dense_vec sum[2][UNITS_A_RUN];
    for (int r = 0; r < ROWS; ++r)
        for (int u = 0; u < COUNT; ++u) sum[r][u] = (dense_vec){0};
    int f = first;
    for (; f + 8 <= end; f += 8, panel += panelSize) {
        dense_vec value[2];
        for (int r = 0; r < ROWS; ++r) {
            // The next pair of rows' block, which is read next: their rows are 25 KB apart in the walkthrough's
            // head, too far for the hardware's prefetchers to follow.
            __builtin_prefetch(x + (long)(r + ROWS) * features + f, 0, 3);
            value[r] = load(x + (long)r * features + f);
        }
        for (int u = 0; u < COUNT; ++u) {
            const dense_vec w = load(panel + u * 8);
            for (int r = 0; r < ROWS; ++r) sum[r][u] += value[r] * w;
        }
    }
    for (int r = 0; r < ROWS; ++r)
        for (int u = 0; u < COUNT; ++u) {
            float s = total(sum[r][u]);
            for (int g = f; g < end; ++g) s += x[(long)r * features + g] * panel[u * 8 + g - f];
            float *out = y + (long)r * units + u;
            *out = (first == 0 ? (bias ? bias[u] : 0) : *out) + s;
        }
}

WIDEST_VECTORS
void camlab_dense_forward(const float *restrict x, long rows, int features, const float *restrict packed,
                          int units, const float *restrict bias, float *restrict y) {
    const long panelSize = (long)units * 8;
    for (int first = 0; first < features || first == 0; first += FEATURE_BLOCK) {
        const int end = features - first > FEATURE_BLOCK ? first + FEATURE_BLOCK : features;
        const float *blockPanels = packed + (long)first / 8 * panelSize;
#define RUN(u0, count)                                                                                            \
    forward_block(ROWS, count, x + n * features, features, blockPanels + (u0) * 8, panelSize, first, end,          \
                  bias ? bias + (u0) : 0, y + n * units + (u0), units)
        FOR_EACH_ROW_PAIR_AND_UNIT_RUN(rows, units, RUN);
#undef RUN
    }
}

// ---- kernel gradient -------------------------------------------------------------------------------------------
// kernelGradient[f][u0 + u] += Σ_n x[n][f] · dy[n][u0 + u] for the RUNS × 8 features from f0, u < COUNT.
static inline __attribute__((always_inline)) void kernel_gradient_block(
    const int RUNS, const int COUNT, const float *restrict x, long rows, int features, const float *restrict dy,
    int units, int u0, int f0, float *restrict kernelGradient) {
    dense_vec sum[2][UNITS_A_RUN];
    for (int k = 0; k < RUNS; ++k)
        for (int u = 0; u < COUNT; ++u) sum[k][u] = (dense_vec){0};
    for (long n = 0; n < rows; ++n) {
        const float *restrict row = x + n * features + f0;
        // Eight rows ahead: each row is a new cache line, 25 KB from the last in the walkthrough's head.
        __builtin_prefetch(row + 8L * features, 0, 3);
        dense_vec value[2];
        for (int k = 0; k < RUNS; ++k) value[k] = load(row + k * 8);
        for (int u = 0; u < COUNT; ++u) {
            const float g = dy[n * units + u0 + u];
            for (int k = 0; k < RUNS; ++k) sum[k][u] += value[k] * g;
        }
    }
    for (int k = 0; k < RUNS; ++k)
        for (int j = 0; j < 8; ++j)
            for (int u = 0; u < COUNT; ++u) kernelGradient[(long)(f0 + k * 8 + j) * units + u0 + u] += sum[k][u][j];
}

WIDEST_VECTORS
void camlab_dense_kernel_gradient(const float *restrict x, long rows, int features, const float *restrict dy,
                                  int units, int firstFeature, int endFeature, float *restrict kernelGradient) {
    int f0 = firstFeature;
#define RUN(u0, count) kernel_gradient_block(RUNS, count, x, rows, features, dy, units, u0, f0, kernelGradient)
    for (; f0 + 16 <= endFeature; f0 += 16) {
        enum { RUNS = 2 };
        FOR_EACH_UNIT_RUN(units, RUN);
    }
    for (; f0 + 8 <= endFeature; f0 += 8) {
        enum { RUNS = 1 };
        FOR_EACH_UNIT_RUN(units, RUN);
    }
#undef RUN
    for (; f0 < endFeature; ++f0)
        for (int u = 0; u < units; ++u) {
            float s = 0;
            for (long n = 0; n < rows; ++n) s += x[n * features + f0] * dy[n * units + u];
            kernelGradient[(long)f0 * units + u] += s;
        }
}

// ---- input gradient --------------------------------------------------------------------------------------------
// dx[n + r][f] for r < ROWS over the block of features first..<end: Σ_u dy[n + r][u0 + u] · kernel[f][u0 + u],
// written by the first run of units (u0 = 0) and added to by the others. `panel` as in `forward_block`.
static inline __attribute__((always_inline)) void input_gradient_block(
    const int ROWS, const int COUNT, const float *restrict dy, int units, int u0, const float *restrict panel,
    long panelSize, int first, int end, int features, float *restrict dx) {
    dense_vec g[2][UNITS_A_RUN];
    for (int r = 0; r < ROWS; ++r)
        for (int u = 0; u < COUNT; ++u) g[r][u] = (dense_vec){0} + dy[(long)r * units + u0 + u];
    int f = first;
    for (; f + 8 <= end; f += 8, panel += panelSize) {
        dense_vec s[2];
        for (int r = 0; r < ROWS; ++r) s[r] = u0 == 0 ? (dense_vec){0} : load(dx + (long)r * features + f);
        for (int u = 0; u < COUNT; ++u) {
            const dense_vec w = load(panel + u * 8);
            for (int r = 0; r < ROWS; ++r) s[r] += g[r][u] * w;
        }
        for (int r = 0; r < ROWS; ++r) store(dx + (long)r * features + f, s[r]);
    }
    for (int r = 0; r < ROWS; ++r)
        for (int h = f; h < end; ++h) {
            float *out = dx + (long)r * features + h, s = u0 == 0 ? 0 : *out;
            for (int u = 0; u < COUNT; ++u) s += g[r][u][0] * panel[u * 8 + h - f];
            *out = s;
        }
}

WIDEST_VECTORS
void camlab_dense_input_gradient(const float *restrict dy, long rows, int units, const float *restrict packed,
                                 int features, float *restrict dx) {
    const long panelSize = (long)units * 8;
    for (int first = 0; first < features; first += FEATURE_BLOCK) {
        const int end = features - first > FEATURE_BLOCK ? first + FEATURE_BLOCK : features;
        const float *blockPanels = packed + (long)first / 8 * panelSize;
#define RUN(u0, count)                                                                                            \
    input_gradient_block(ROWS, count, dy + n * units, units, u0, blockPanels + (u0) * 8, panelSize, first, end,   \
                         features, dx + n * features)
        FOR_EACH_ROW_PAIR_AND_UNIT_RUN(rows, units, RUN);
#undef RUN
    }
}
