// The kernels for AVX-512F (32 vector registers, so register blocks twice as tall as AVX2's).
#include "kernels_internal.h"

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx2,fma"))), apply_to = function)

#define WIDTH 8
#define NAME(x) CAMLAB_CAT(x, avx512_8)
#define PIXELS_1 24
#define PIXELS_2 12
#define PIXELS_3 8
#define PIXELS_4 6
#include "kernel_body.h"
#undef WIDTH
#undef NAME
#undef PIXELS_1
#undef PIXELS_2
#undef PIXELS_3
#undef PIXELS_4

#define WIDTH 16
#define NAME(x) CAMLAB_CAT(x, avx512_16)
#define PIXELS_1 24
#define PIXELS_2 12
#define PIXELS_3 8
#define PIXELS_4 6
#include "kernel_body.h"

#pragma clang attribute pop
const camlab_kernel_table *const camlab_avx512_tables[2] = {&table_avx512_8, &table_avx512_16};
#else
const camlab_kernel_table *const camlab_avx512_tables[2] = {0, 0};
#endif
