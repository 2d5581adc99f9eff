// The kernels for AVX-512F + VL (32 vector registers, so the 16-wide register blocks are twice as tall as
// AVX2's). Layers whose filters are not a multiple of 16 run the 8-wide instance, which keeps AVX2's blocks.
// Each instance's blocks equal those of an instance an AVX2 CPU runs (avx2 ×16, avx2 ×8), so the tests there
// exercise this logic.
#include "kernels_internal.h"

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx2,fma"))), apply_to = function)

#define WIDTH 8
#define SUFFIX avx512_8
#define REGISTERS 16
#include "kernel_instance.h"

#define WIDTH 16
#define SUFFIX avx512_16
#define REGISTERS 32
#include "kernel_instance.h"

#pragma clang attribute pop
const camlab_kernel_table *const camlab_avx512_tables[2] = {&table_avx512_8, &table_avx512_16};
#else
const camlab_kernel_table *const camlab_avx512_tables[2] = {0, 0};
#endif
