// Debian installs OpenBLAS's cblas.h under a multiarch, per-threading-model folder.
#include <x86_64-linux-gnu/openblas-pthread/cblas.h>

#include <stddef.h>
// LAPACK's single-precision singular value decomposition, which OpenBLAS also exports (Fortran calling
// convention: every argument by pointer, matrices column-major, the lengths of the two character arguments last).
void sgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, float *a, const int *lda, float *s,
             float *u, const int *ldu, float *vt, const int *ldvt, float *work, const int *lwork, int *info,
             size_t jobu_length, size_t jobvt_length);
