#ifndef CAMLAB_CPU_SETUP_H
#define CAMLAB_CPU_SETUP_H

/// What CamLab did about OPENBLAS_CORETYPE before OpenBLAS loaded: the kernel family it chose
/// ("SkylakeX", "Haswell"), "user" when the variable was already set, or "" when it left the choice to OpenBLAS.
const char *camlab_blas_coretype_decision(void);

/// Keeps blocks up to 1 GB in glibc's heap (instead of an mmap each) and up to 256 MB of freed memory at the heap's
/// top, so that tensors freed by one training step are reused by the next without page faults.
void camlab_keep_large_blocks(void);

#endif
