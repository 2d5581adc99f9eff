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
