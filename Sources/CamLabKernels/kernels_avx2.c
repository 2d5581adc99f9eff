// The kernels for AVX2 + FMA (16 vector registers). The 16-wide instance is what the AVX-512 kernels compute,
// index for index, on two 8-wide halves: it lets a CPU without AVX-512 test that logic.
#include "kernels_internal.h"

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define WIDTH 8
#define NAME(x) CAMLAB_CAT(x, avx2_8)
#define PIXELS_1 12
#define PIXELS_2 6
#define PIXELS_3 3
#define PIXELS_4 2
#include "kernel_body.h"
#undef WIDTH
#undef NAME
#undef PIXELS_1
#undef PIXELS_2
#undef PIXELS_3
#undef PIXELS_4

#define WIDTH 16
#define NAME(x) CAMLAB_CAT(x, avx2_16)
#define PIXELS_1 6
#define PIXELS_2 3
#define PIXELS_3 2
#define PIXELS_4 1
#include "kernel_body.h"

#pragma clang attribute pop
const camlab_kernel_table *const camlab_avx2_tables[2] = {&table_avx2_8, &table_avx2_16};
#else
const camlab_kernel_table *const camlab_avx2_tables[2] = {0, 0};
#endif
