// Adam's element-wise update, in C so that it vectorises (Swift's closures over the moment arrays kept it
// scalar), for the widest vectors this CPU has. The square root is `__builtin_elementwise_sqrt`: `sqrtf` may set
// errno, which kept the loop scalar (150 µs a step for the walkthrough's 69,000 weights, 0.28 s of an epoch at
// batch size 32; 28 µs now). Contraction into fused multiply-adds is off, and vector square roots and divisions
// round as the scalar ones do, so every value is rounded exactly as the plain formula rounds it, on every CPU.
#include "CamLabKernels.h"
#include "widest_vectors.h"

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

WIDEST_VECTORS
void camlab_adam_update(float *restrict weights, const float *restrict gradient, float *restrict m,
                        float *restrict v, long count, float alpha, float beta1, float beta2, float epsilon) {
    const float keep1 = 1 - beta1, keep2 = 1 - beta2;
    for (long i = 0; i < count; ++i) {
        const float g = gradient[i];
        m[i] += (g - m[i]) * keep1;
        v[i] += (g * g - v[i]) * keep2;
        weights[i] -= alpha * m[i] / (__builtin_elementwise_sqrt(v[i]) + epsilon);
    }
}
