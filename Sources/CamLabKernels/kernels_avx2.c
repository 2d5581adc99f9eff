// The kernels for AVX2 + FMA (16 vector registers). The 16-wide instance computes what the 16-wide AVX-512
// instance computes, with the same register blocks, index for index, on pairs of 8-wide registers: it lets a
// CPU without AVX-512 test that logic. It is never chosen for speed.
#include "kernels_internal.h"

#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define WIDTH 8
#define SUFFIX avx2_8
#define REGISTERS 16
#include "kernel_instance.h"

#define WIDTH 16
#define SUFFIX avx2_16
#define REGISTERS 32  // the AVX-512 instance's blocks, to run its exact index logic here (spilling, not fast)
#include "kernel_instance.h"

#pragma clang attribute pop
const camlab_kernel_table *const camlab_avx2_tables[2] = {&table_avx2_8, &table_avx2_16};
#else
const camlab_kernel_table *const camlab_avx2_tables[2] = {0, 0};
#endif
