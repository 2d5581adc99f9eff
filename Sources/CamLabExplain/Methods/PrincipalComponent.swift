import CamLabCore

#if canImport(Glibc)
import Glibc
#endif

/// The projection of every row of a `rows × columns` matrix (row-major), centred column by column, on its
/// first principal component: X_c · v₁ with v₁ the first right singular vector of X_c, as pytorch-grad-cam's
/// `get_2d_projection` computes it with NumPy's SVD. v₁ is the eigenvector of the largest eigenvalue of
/// X_cᵀ X_c, found by Jacobi rotations (exact to Double rounding for the few dozen channels of a CNN layer).
///
/// An SVD fixes v₁ only up to its sign. The sign is chosen as pytorch-grad-cam's
/// `get_2d_projection_with_sign_correction` (Seg-Eigen-CAM) does: flipped when |min| > |max|, so that the
/// projection's strongest part is positive.
func firstPrincipalProjection(_ values: ArraySlice<Float>, rows: Int, columns: Int) -> [Double] {
    var x = [Double](repeating: 0, count: rows * columns)
    var means = [Double](repeating: 0, count: columns)
    for (offset, value) in values.enumerated() { means[offset % columns] += Double(value) }
    for k in 0..<columns { means[k] /= Double(max(rows, 1)) }
    for (offset, value) in values.enumerated() { x[offset] = Double(value) - means[offset % columns] }
    var gram = [Double](repeating: 0, count: columns * columns)
    for r in 0..<rows {
        for i in 0..<columns where x[r * columns + i] != 0 {
            let xi = x[r * columns + i]
            for j in 0..<columns { gram[i * columns + j] += xi * x[r * columns + j] }
        }
    }
    let v = largestEigenvector(gram, size: columns)
    var projection = (0..<rows).map { r in (0..<columns).reduce(0.0) { $0 + x[r * columns + $1] * v[$1] } }
    if abs(projection.min() ?? 0) > abs(projection.max() ?? 0) { projection = projection.map { -$0 } }
    return projection
}

/// The unit eigenvector of the largest eigenvalue of the symmetric `size × size` matrix `a`, by cyclic Jacobi
/// rotations until the off-diagonal part vanishes.
func largestEigenvector(_ matrix: [Double], size n: Int) -> [Double] {
    var a = matrix
    var v = [Double](repeating: 0, count: n * n)
    for i in 0..<n { v[i * n + i] = 1 }
    let scale = a.reduce(0) { $0 + $1 * $1 }
    for _ in 0..<100 {
        var off = 0.0
        for i in 0..<n { for j in 0..<n where i != j { off += a[i * n + j] * a[i * n + j] } }
        if off <= 1e-30 * max(scale, 1e-300) { break }
        for p in 0..<n {
            for q in (p + 1)..<n where a[p * n + q] != 0 {
                // The rotation that zeroes a[p][q] (Golub and Van Loan, algorithm 8.4.1).
                let tau = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                let t = (tau >= 0 ? 1 : -1) / (abs(tau) + (1 + tau * tau).squareRoot())
                let c = 1 / (1 + t * t).squareRoot(), s = t * c
                for k in 0..<n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q])
                    a[k * n + p] = c * akp - s * akq
                    a[k * n + q] = s * akp + c * akq
                }
                for k in 0..<n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k])
                    a[p * n + k] = c * apk - s * aqk
                    a[q * n + k] = s * apk + c * aqk
                }
                for k in 0..<n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q])
                    v[k * n + p] = c * vkp - s * vkq
                    v[k * n + q] = s * vkp + c * vkq
                }
            }
        }
    }
    let largest = (0..<n).max { a[$0 * n + $0] < a[$1 * n + $1] } ?? 0
    return (0..<n).map { v[$0 * n + largest] }
}
