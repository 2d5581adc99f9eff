// The kernels for AVX-512F + VL (32 vector registers, so the 16-wide register blocks are twice as tall as
// AVX2's). Layers whose filters are not a multiple of 16 run the 8-wide instance. Each instance's block sizes
// equal those of an instance an AVX2 CPU runs (avx2 ×16, avx2 ×8), so the tests there exercise this logic.
#include "kernels_internal.h"

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx2,fma"))), apply_to = function)

#define WIDTH 8
#define NAME(x) CAMLAB_CAT(x, avx512_8)
#define PIXELS_1 12  // as the AVX2 instance, so the blocks of every width × block size run on AVX2 CPUs too
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
