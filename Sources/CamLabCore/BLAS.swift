import CBLAS
import CamLabCPUSetup

/// CamLab's one door to OpenBLAS. Everything above this file works with Swift buffers and never sees C types.
public enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C` on row-major matrices, where `op(A)` is `m × k` and `op(B)` is
    /// `k × n`. Leading dimensions default to the packed row lengths.
    public static func gemm(transposeA: Bool = false, transposeB: Bool = false,
                            m: Int, n: Int, k: Int, alpha: Float = 1,
                            a: UnsafePointer<Float>, lda: Int? = nil,
                            b: UnsafePointer<Float>, ldb: Int? = nil,
                            beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int? = nil) {
        _ = singleThreaded
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha,
                    a, Int32(lda ?? (transposeA ? m : k)),
                    b, Int32(ldb ?? (transposeB ? k : n)),
                    beta, c, Int32(ldc ?? n))
    }

    /// CamLab splits work across cores itself (see `Parallel`): the matrices of a small CNN are too thin for
    /// OpenBLAS's own threads to pay, and its threads would compete with CamLab's. Set once, before first use.
    private static let singleThreaded: Void = openblas_set_num_threads(1)

    /// The kernel family OpenBLAS runs on ("Haswell", "SkylakeX", "Prescott", …).
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// How CamLab set OPENBLAS_CORETYPE before OpenBLAS loaded: the family it chose, "user" when the
    /// environment already named one, or nil when it left the choice to OpenBLAS.
    public static var coreTypeDecision: String? {
        let decision = String(cString: camlab_blas_coretype_decision())
        return decision.isEmpty ? nil : decision
    }

    /// One line for version banners: "OpenBLAS 0.3.21, Haswell kernels (chosen by CamLab), 2 CamLab workers".
    public static var summary: String {
        _ = singleThreaded
        let config = String(cString: openblas_get_config()).split(separator: " ")
        let version = config.count > 1 ? String(config[1]) : "?"
        let how: String
        switch coreTypeDecision {
        case "user"?: how = "set by OPENBLAS_CORETYPE"
        case let chosen? where chosen == coreName: how = "chosen by CamLab"
        case let chosen?: how = "CamLab asked for \(chosen)"
        case nil: how = "chosen by OpenBLAS"
        }
        let workers = Parallel.workers == 1 ? "1 CamLab worker" : "\(Parallel.workers) CamLab workers"
        return "OpenBLAS \(version), \(coreName) kernels (\(how)), \(workers)"
    }
}

extension Tensor {
    /// Matrix product of two 2-D tensors through BLAS.
    public func matmul(_ other: Tensor) throws -> Tensor {
        guard rank == 2, other.rank == 2, shape[1] == other.shape[0] else {
            throw Problem("matmul: shapes \(shape.shapeDescription) and \(other.shape.shapeDescription) "
                              + "do not fit; it needs (m, k) and (k, n)")
        }
        let (m, k, n) = (shape[0], shape[1], other.shape[1])
        guard [m, n].checkedElementCount != nil else {
            throw Problem("matmul: the product of shapes \(shape.shapeDescription) and "
                              + "\(other.shape.shapeDescription) would have \(Double(m) * Double(n)) elements")
        }
        var out = [Float](repeating: 0, count: m * n)
        if m > 0 && n > 0 && k > 0 {
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { c in
                        BLAS.gemm(m: m, n: n, k: k, a: a.baseAddress!, b: b.baseAddress!, c: c.baseAddress!)
                    }
                }
            }
        }
        return Tensor(shape: [m, n], scalars: out)
    }
}
