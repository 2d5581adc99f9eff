#ifndef CAMLAB_CPU_SETUP_H
#define CAMLAB_CPU_SETUP_H

/// What CamLab did about OPENBLAS_CORETYPE before OpenBLAS loaded: the kernel family it chose
/// ("SkylakeX", "Haswell"), "user" when the variable was already set, or "" when it left the choice to OpenBLAS.
const char *camlab_blas_coretype_decision(void);

#endif
