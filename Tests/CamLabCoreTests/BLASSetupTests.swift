import Testing
import CamLabCore

@Test func blasRunsOnVectorKernels() {
    // The preinit hook must have named a kernel family (or kept the user's) before OpenBLAS loaded.
    #expect(BLAS.coreName != "Prescott", "OpenBLAS fell back to its slowest kernels: \(BLAS.summary)")
}
