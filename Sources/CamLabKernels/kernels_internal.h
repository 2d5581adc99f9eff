// What every compiled instance of kernel_body.h provides, and the macros the instances are built with.
#ifndef CAMLAB_KERNELS_INTERNAL_H
#define CAMLAB_KERNELS_INTERNAL_H

#include "CamLabKernels.h"

// The vector helpers are static and always inlined, so passing vectors wider than the target's registers
// never crosses a real call boundary; the ABI note Clang gives for them does not apply.
#pragma clang diagnostic ignored "-Wpsabi"

/// Tiles per block of the Winograd element-wise stage: their transformed inputs and products (tiles ×
/// (tile + 2)² × channels floats each) stay in the L2 cache while the products run.
#define CAMLAB_WINOGRAD_BLOCK 48

/// How both Winograd drivers walk a problem: tiles of m×m outputs over a run of images, taken in blocks of
/// CAMLAB_WINOGRAD_BLOCK. Scratch holds a block's transformed input tiles (`v`, α² × channels floats a tile),
/// a second buffer of α² × filters floats a tile (`perFilter`: the products, or the transformed output
/// gradients) and a row of zeros for pixels outside the image.
typedef struct {
    int positions, tilesX, tilesPerImage;
    long inputSize, outputSize, tiles;
    float *v, *perFilter;
    const float *zeros;
} camlab_winograd_tiling;

static inline __attribute__((always_inline)) camlab_winograd_tiling camlab_winograd_tiling_make(
    int m, int channels, const camlab_winograd_problem *p, float *scratch) {
    camlab_winograd_tiling g;
    g.positions = (m + 2) * (m + 2);
    g.tilesX = (p->outputWidth + m - 1) / m;
    g.tilesPerImage = g.tilesX * ((p->outputHeight + m - 1) / m);
    g.inputSize = (long)p->height * p->width * channels;
    g.outputSize = (long)p->outputHeight * p->outputWidth * p->filters;
    g.tiles = (long)p->images * g.tilesPerImage;
    g.v = scratch;
    g.perFilter = scratch + (long)CAMLAB_WINOGRAD_BLOCK * g.positions * channels;
    float *zeros = g.perFilter + (long)CAMLAB_WINOGRAD_BLOCK * g.positions * p->filters;
    __builtin_memset(zeros, 0, sizeof(float) * channels);
    g.zeros = zeros;
    return g;
}

/// The number of tiles in the block that starts at tile `first`.
static inline int camlab_winograd_block_count(const camlab_winograd_tiling *g, long first) {
    return (int)(g->tiles - first < CAMLAB_WINOGRAD_BLOCK ? g->tiles - first : CAMLAB_WINOGRAD_BLOCK);
}

/// Where tile number `tile` of the run lies: its image and its output origin.
static inline void camlab_winograd_locate(const camlab_winograd_tiling *g, int m, long tile, int *image, int *y0,
                                          int *x0) {
    *image = (int)(tile / g->tilesPerImage);
    const int within = (int)(tile % g->tilesPerImage);
    *y0 = within / g->tilesX * m;
    *x0 = within % g->tilesX * m;
}

/// The output pixels of the m×m tile at (y0, x0), clipped at the output's edge, and the floats between its rows
/// in an [outputHeight][outputWidth][filters] image.
typedef struct {
    int rows, columns;
    long rowStep;
} camlab_output_tile;

static inline __attribute__((always_inline)) camlab_output_tile camlab_output_tile_at(
    int m, int outputHeight, int outputWidth, int filters, int y0, int x0) {
    return (camlab_output_tile){outputHeight - y0 < m ? outputHeight - y0 : m,
                                outputWidth - x0 < m ? outputWidth - x0 : m, (long)outputWidth * filters};
}

/// What a Winograd driver prefetches while a block's products or sweeps run. Those are bound by the multiply-adds
/// and leave the memory idle, while the transforms around them wait on it: a batch's tensors are larger than the
/// caches (a 32 → 32 layer on 32×32 pictures spent 34 of its 77 µs a picture in its transforms with the batch in
/// memory, 14 with it in the cache). So the driver lists the rows that the next block's input patches (and, for a
/// kernel gradient, its output-gradient tiles) and this block's output pixels (for writing) will touch, and the
/// products fetch a share of them into the L2 cache before each of the α² positions. (All at once before the
/// products: into the L1 cache 77 → 79 µs, into the L2 77 → 72 µs; spread out, 77 → 68 µs.)
///
/// Listing and issuing the prefetches costs about the same a tile whatever its channels, while the products grow
/// with channels × filters; a problem below CAMLAB_PREFETCH_MIN_PRODUCT lists nothing. (The walkthrough's 16 → 8
/// layer, 128, gained nothing measurable; its 16 → 32 input gradient, 512, went 38 → 31 µs a picture.)
#define CAMLAB_PREFETCH_MIN_PRODUCT 512

typedef struct {
    const char *start;
    int bytes;
    bool forWriting;
} camlab_prefetch_span;

typedef struct {
    camlab_prefetch_span span[CAMLAB_WINOGRAD_BLOCK * (6 + 4)];  // α ≤ 6 input rows and m ≤ 4 output rows a tile
    int count;
} camlab_prefetch_list;

static inline void camlab_prefetch_list_add(camlab_prefetch_list *list, const float *start, long floats,
                                            bool forWriting) {
    list->span[list->count++] = (camlab_prefetch_span){(const char *)start, (int)(floats * 4), forWriting};
}

/// The rows of output tile `tile` in an [images][outputHeight][outputWidth][filters] tensor.
static inline void camlab_prefetch_output_tile(camlab_prefetch_list *list, const camlab_winograd_tiling *g, int m,
                                               const camlab_winograd_problem *p, const float *tensor, long tile,
                                               bool forWriting) {
    int n, y0, x0;
    camlab_winograd_locate(g, m, tile, &n, &y0, &x0);
    const camlab_output_tile t = camlab_output_tile_at(m, p->outputHeight, p->outputWidth, p->filters, y0, x0);
    const float *corner = tensor + n * g->outputSize + y0 * t.rowStep + (long)x0 * p->filters;
    for (int i = 0; i < t.rows; ++i)
        camlab_prefetch_list_add(list, corner + i * t.rowStep, (long)t.columns * p->filters, forWriting);
}

/// The rows a driver's next steps read: the input patches of the block of tiles from `next` (none past the last
/// tile) and, when `gradient` is not NULL, its output-gradient tiles; and, when `output` is not NULL, for writing,
/// the output pixels of the `count` tiles from `first`. Nothing for a problem below CAMLAB_PREFETCH_MIN_PRODUCT.
static inline void camlab_prefetch_list_make(camlab_prefetch_list *list, const camlab_winograd_tiling *g, int m,
                                             int channels, const camlab_winograd_problem *p, const float *input,
                                             const float *gradient, long next, float *output, long first,
                                             int count) {
    list->count = 0;
    if (channels * p->filters < CAMLAB_PREFETCH_MIN_PRODUCT) return;
    const int alpha = m + 2, nextCount = next < g->tiles ? camlab_winograd_block_count(g, next) : 0;
    for (long tile = next; tile < next + nextCount; ++tile) {
        int n, y0, x0;
        camlab_winograd_locate(g, m, tile, &n, &y0, &x0);
        const int ys = y0 - p->padTop, xs = x0 - p->padLeft;
        const int xa = xs < 0 ? 0 : xs, xb = xs + alpha > p->width ? p->width : xs + alpha;
        for (int y = ys < 0 ? 0 : ys; y < ys + alpha && y < p->height; ++y)
            camlab_prefetch_list_add(list, input + n * g->inputSize + ((long)y * p->width + xa) * channels,
                                     (long)(xb - xa) * channels, false);
        if (gradient) camlab_prefetch_output_tile(list, g, m, p, gradient, tile, false);
    }
    if (!output) return;
    for (long tile = first; tile < first + count; ++tile)
        camlab_prefetch_output_tile(list, g, m, p, output, tile, true);
}

/// Share `share` of `shares` of the listed rows, into the L2 cache.
static inline void camlab_prefetch_share(const camlab_prefetch_list *list, int share, int shares) {
    for (int k = share * list->count / shares; k < (share + 1) * list->count / shares; ++k) {
        const camlab_prefetch_span s = list->span[k];
        const char *line = (const char *)((uintptr_t)s.start & ~(uintptr_t)63), *end = s.start + s.bytes;
        if (s.forWriting) for (; line < end; line += 64) __builtin_prefetch(line, 1, 2);
        else for (; line < end; line += 64) __builtin_prefetch(line, 0, 2);
    }
}

typedef struct {
    void (*direct_convolve)(const float *, int, int, int, const float *, int, int, int, const float *, bool,
                            float *);
    void (*direct_kernel_gradient)(const float *, int, int, int, const float *, int, int, int, float *);
    void (*winograd_convolve)(const camlab_winograd_problem *, const float *, const float *, const float *, bool,
                              float *, float *);
    void (*winograd_kernel_gradient)(const camlab_winograd_problem *, const float *, const float *, float *,
                                     float *);
    double (*fma_throughput)(long, float *);
} camlab_kernel_table;

/// The instances, NULL where the compiler could not build one for this architecture.
extern const camlab_kernel_table *const camlab_portable_tables[2];  // width 8, 16
extern const camlab_kernel_table *const camlab_avx2_tables[2];
extern const camlab_kernel_table *const camlab_avx512_tables[2];

#define CAMLAB_CAT2(a, b) a##_##b
#define CAMLAB_CAT(a, b) CAMLAB_CAT2(a, b)

#endif
