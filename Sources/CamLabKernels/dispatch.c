// Which compiled instance runs a call: the caller names an instruction set and a width (see CamLabKernels.h);
// a layer whose filters are not a multiple of 16 runs the 8-wide instance of the same set.
#include "kernels_internal.h"

bool camlab_kernel_path_runs_here(camlab_kernel_path path) {
    if (path.width != 8 && path.width != 16) return false;
    switch (path.isa) {
    case CAMLAB_PORTABLE: return true;
#if defined(__x86_64__)
    case CAMLAB_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case CAMLAB_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl")
            && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
    default: return false;
    }
}

static const camlab_kernel_table *table_for(camlab_kernel_path path, int filters) {
    const camlab_kernel_table *const *set = path.isa == CAMLAB_AVX512 ? camlab_avx512_tables
                                          : path.isa == CAMLAB_AVX2   ? camlab_avx2_tables
                                                                      : camlab_portable_tables;
    const camlab_kernel_table *table = set[path.width == 16 && filters % 16 == 0];
    return table ? table : camlab_portable_tables[0];
}

void camlab_direct_convolve(camlab_kernel_path path, const float *input, int paddedHeight, int paddedWidth,
                            int channels, const float *kernel, int kernelHeight, int kernelWidth, int filters,
                            const float *bias, bool relu, float *output) {
    table_for(path, filters)->direct_convolve(input, paddedHeight, paddedWidth, channels, kernel, kernelHeight,
                                              kernelWidth, filters, bias, relu, output);
}

void camlab_direct_kernel_gradient(camlab_kernel_path path, const float *input, int paddedHeight,
                                   int paddedWidth, int channels, const float *outputGradient, int kernelHeight,
                                   int kernelWidth, int filters, float *kernelGradient) {
    table_for(path, filters)->direct_kernel_gradient(input, paddedHeight, paddedWidth, channels, outputGradient,
                                                     kernelHeight, kernelWidth, filters, kernelGradient);
}

size_t camlab_winograd_scratch_count(int tile, int channels, int filters) {
    // A block's transformed inputs and products (or output gradients), then a row of zeros for pixels outside
    // the image.
    return (size_t)CAMLAB_WINOGRAD_BLOCK * (tile + 2) * (tile + 2) * (channels + filters) + channels;
}

void camlab_winograd_convolve(camlab_kernel_path path, const camlab_winograd_problem *problem,
                              const float *input, const float *transformedKernel, const float *bias, bool relu,
                              float *output, float *scratch) {
    table_for(path, problem->filters)->winograd_convolve(problem, input, transformedKernel, bias, relu, output,
                                                         scratch);
}

void camlab_winograd_kernel_gradient(camlab_kernel_path path, const camlab_winograd_problem *problem,
                                     const float *input, const float *outputGradient, float *transformedGradient,
                                     float *scratch) {
    table_for(path, problem->filters)->winograd_kernel_gradient(problem, input, outputGradient,
                                                                transformedGradient, scratch);
}

double camlab_fma_throughput(camlab_kernel_path path, long iterations) {
    float sink[16];
    return table_for(path, path.width)->fma_throughput(iterations, sink);
}
