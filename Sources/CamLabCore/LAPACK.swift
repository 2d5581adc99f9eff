import CBLAS

extension BLAS {
    /// The singular value decomposition A = U Σ Vᵀ of a row-major `rows × columns` matrix by LAPACK's `sgesvd`
    /// (through OpenBLAS): the singular values in descending order and the right singular vectors (the columns of
    /// V, each `columns` long), as many as the smaller extent. Returns nil when LAPACK reports a failure.
    public static func singularValueDecomposition(_ matrix: [Float], rows: Int, columns: Int)
        -> (values: [Float], rightVectors: [[Float]])? {
        precondition(matrix.count == rows * columns && rows > 0 && columns > 0, "a rows × columns matrix")
        // Row-major A is column-major Aᵀ (columns × rows), whose SVD is V Σ Uᵀ: its left singular vectors are
        // A's right ones.
        var a = matrix
        var (m, n) = (Int32(columns), Int32(rows))
        let k = min(rows, columns)
        var (lda, ldu, ldvt) = (m, m, Int32(1))
        var values = [Float](repeating: 0, count: k)
        var u = [Float](repeating: 0, count: columns * k)
        var vt: Float = 0
        var info: Int32 = 0
        var size: Float = 0
        var query: Int32 = -1
        let (jobU, jobVT): (CChar, CChar) = (CChar(UInt8(ascii: "S")), CChar(UInt8(ascii: "N")))
        var (ju, jv) = (jobU, jobVT)
        sgesvd_(&ju, &jv, &m, &n, &a, &lda, &values, &u, &ldu, &vt, &ldvt, &size, &query, &info, 1, 1)
        guard info == 0 else { return nil }
        var lwork = Int32(size)
        var work = [Float](repeating: 0, count: Int(lwork))
        sgesvd_(&ju, &jv, &m, &n, &a, &lda, &values, &u, &ldu, &vt, &ldvt, &work, &lwork, &info, 1, 1)
        guard info == 0 else { return nil }
        return (values, (0..<k).map { j in Array(u[(j * columns)..<((j + 1) * columns)]) })
    }
}
