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
/// memory, 14 with it in the cache). So the driver notes the bands of memory that the next block's input patches
/// (and, for a kernel gradient, its output-gradient tiles) and this block's output pixels (for writing) lie in, and
/// the products fetch a share of each band into the L2 cache before each of the α² positions. (All at once before
/// the products: into the L1 cache 77 → 79 µs, into the L2 77 → 72 µs; spread out, 77 → 68 µs.)
///
/// A block's tiles run along whole rows of consecutive images, and NHWC images follow one another in memory, so
/// each band is one range: from the first tile's top row to the last tile's bottom row. (The rows of each tile, as
/// a list, cost as much to make and issue whatever a layer's size: they slowed the walkthrough's 16 → 8 layer, which
/// therefore fetched nothing. With bands its forward and backward went 0.55 → 0.47 and 1.13 → 0.98 s an epoch, the
/// walkthrough's predict 0.317 → 0.297 s, and the CIFAR-shaped epoch on 20,000 pictures 10.6 → 10.2 s.)
typedef struct {
    const char *start;
    long bytes;
    bool forWriting;
} camlab_prefetch_band;

typedef struct {
    camlab_prefetch_band band[3];
    int count;
} camlab_prefetch_bands;

/// The rows of tiles first..<first + count in an [images][rows][width][depth] tensor: from the first tile's top
/// row, less `above`, to the last tile's bottom row, plus `below`, clipped to the tensor.
static inline void camlab_prefetch_bands_add(camlab_prefetch_bands *bands, const camlab_winograd_tiling *g, int m,
                                             const float *tensor, int rows, long rowFloats, long imageFloats,
                                             long first, int count, int above, int below, bool forWriting) {
    int n0, y0, x0, n1, y1, x1;
    camlab_winograd_locate(g, m, first, &n0, &y0, &x0);
    camlab_winograd_locate(g, m, first + count - 1, &n1, &y1, &x1);
    const int top = y0 - above < 0 ? 0 : y0 - above, bottom = y1 + m + below > rows ? rows : y1 + m + below;
    const float *start = tensor + n0 * imageFloats + top * rowFloats;
    const float *end = tensor + n1 * imageFloats + bottom * rowFloats;
    if (end > start)
        bands->band[bands->count++] = (camlab_prefetch_band){(const char *)start, (end - start) * 4, forWriting};
}

/// The bands a driver's next steps read: the input patches of the block of tiles from `next` (none past the last
/// tile) and, when `gradient` is not NULL, its output-gradient tiles; and, when `output` is not NULL, for writing,
/// the output pixels of the `count` tiles from `first`.
static inline void camlab_prefetch_bands_make(camlab_prefetch_bands *bands, const camlab_winograd_tiling *g, int m,
                                              int channels, const camlab_winograd_problem *p, const float *input,
                                              const float *gradient, long next, float *output, long first,
                                              int count) {
    bands->count = 0;
    const long outputRow = (long)p->outputWidth * p->filters;
    if (next < g->tiles) {
        const int nextCount = camlab_winograd_block_count(g, next);
        // A tile's patch starts padTop rows above its outputs and ends α − padTop rows below their top.
        camlab_prefetch_bands_add(bands, g, m, input, p->height, (long)p->width * channels, g->inputSize, next,
                                  nextCount, p->padTop, 2 - p->padTop, false);
        if (gradient)
            camlab_prefetch_bands_add(bands, g, m, gradient, p->outputHeight, outputRow, g->outputSize, next,
                                      nextCount, 0, 0, false);
    }
    if (output)
        camlab_prefetch_bands_add(bands, g, m, output, p->outputHeight, outputRow, g->outputSize, first, count, 0, 0,
                                  true);
}

/// Share `share` of `shares` of each band, into the L2 cache.
static inline void camlab_prefetch_share(const camlab_prefetch_bands *bands, int share, int shares) {
    for (int k = 0; k < bands->count; ++k) {
        const camlab_prefetch_band b = bands->band[k];
        const char *line = (const char *)((uintptr_t)(b.start + b.bytes * share / shares) & ~(uintptr_t)63);
        const char *end = b.start + b.bytes * (share + 1) / shares;
        if (b.forWriting) for (; line < end; line += 64) __builtin_prefetch(line, 1, 2);
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
