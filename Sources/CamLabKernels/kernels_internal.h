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
