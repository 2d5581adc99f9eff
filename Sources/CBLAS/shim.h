// Debian installs OpenBLAS's cblas.h under a multiarch, per-threading-model folder.
#include <x86_64-linux-gnu/openblas-pthread/cblas.h>
