// WIDEST_VECTORS before a function compiles it for AVX-512, for AVX2 and for the baseline, and runs the widest
// copy this CPU has (the choice is made once, when the library loads).
#ifndef CAMLAB_WIDEST_VECTORS_H
#define CAMLAB_WIDEST_VECTORS_H

#if defined(__x86_64__)
#define WIDEST_VECTORS __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define WIDEST_VECTORS
#endif

#endif
