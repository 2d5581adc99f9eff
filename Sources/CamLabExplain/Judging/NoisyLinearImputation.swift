import CamLabCore

/// ROAD's noisy linear imputation (Rong et al. 2022; `NoisyLinearImputer` in tleemann/road_evaluation, copied
/// into pytorch-grad-cam's `metrics/road.py`): every removed pixel becomes the weighted mean of its eight
/// neighbours — 1/6 for the four beside it, 1/12 for the four diagonal ones, neighbours beyond the edge left
/// out — whether those neighbours are kept or removed themselves, plus Gaussian noise of standard deviation
/// `noise` (0.01 in both). The means of removed pixels depend on each other, so they are found together, as
/// the solution of one sparse linear system per channel. Unlike filling with black or a constant, this leaves
/// no trace of *where* pixels were removed for the model to react to.
///
/// - Parameters:
///   - image: one image, (height, width, channels) in row-major order.
///   - kept: one flag per pixel; false marks a pixel to impute. At least one pixel must be kept.
/// - Returns: the image with every removed pixel imputed, each channel on its own; kept pixels unchanged.
func noisyLinearImputation(_ image: [Float], height: Int, width: Int, channels: Int, kept: [Bool], noise: Float,
                           generator: inout SeededGenerator) -> [Float] {
    let unknowns = kept.indices.filter { !kept[$0] }
    guard !unknowns.isEmpty, unknowns.count < kept.count else { return image }
    var unknownIndex = [Int](repeating: -1, count: kept.count)
    for (i, p) in unknowns.enumerated() { unknownIndex[p] = i }

    // The system, row i for removed pixel i: (Σ in-image weights) · x_i − Σ w · x_j over removed neighbours
    // = Σ w · v_j over kept neighbours. It is symmetric, and positive definite because every group of removed
    // pixels touches a kept one. Removed pixels numbered in scan order are at most width + 1 apart from their
    // neighbours, so the matrix is banded and its Cholesky factor stays in the band: O(n · width²) work.
    var system = BandedSystem(size: unknowns.count)
    var rightSides = [[Double]](repeating: [Double](repeating: 0, count: unknowns.count), count: channels)
    for (i, p) in unknowns.enumerated() {
        let (y, x) = (p / width, p % width)
        var diagonal = 0.0
        for (dy, dx, weight) in imputationNeighbours {
            let (ny, nx) = (y + dy, x + dx)
            guard (0..<height).contains(ny), (0..<width).contains(nx) else { continue }
            diagonal += weight
            let q = ny * width + nx
            if kept[q] {
                for c in 0..<channels { rightSides[c][i] += weight * Double(image[q * channels + c]) }
            } else if unknownIndex[q] > i {
                system.set(row: i, column: unknownIndex[q], to: -weight)
            }
        }
        system.set(row: i, column: i, to: diagonal)
    }
    system.factorize()
    var out = image
    for c in 0..<channels {
        let solution = system.solve(rightSides[c])
        for (i, p) in unknowns.enumerated() {
            out[p * channels + c] = Float(solution[i]) + noise * generator.normal()
        }
    }
    return out
}

/// ROAD's neighbour weights: (row offset, column offset, weight).
let imputationNeighbours: [(Int, Int, Double)] = [
    (1, 1, 1.0 / 12), (0, 1, 1.0 / 6), (-1, 1, 1.0 / 12), (1, -1, 1.0 / 12),
    (0, -1, 1.0 / 6), (-1, -1, 1.0 / 12), (1, 0, 1.0 / 6), (-1, 0, 1.0 / 6),
]

/// A symmetric positive definite banded matrix, its upper band stored row by row, factorised in place as
/// UᵀU (banded Cholesky).
struct BandedSystem {
    let size: Int
    private(set) var bandwidth = 0
    /// (row, column - row) → value for column ≥ row; grown as entries arrive, then packed by `factorize`.
    private var entries: [[Double]]

    init(size: Int) {
        self.size = size
        entries = [[Double]](repeating: [0], count: size)
    }

    /// Sets A[row][column] (and, by symmetry, A[column][row]); column ≥ row.
    mutating func set(row: Int, column: Int, to value: Double) {
        let offset = column - row
        if offset >= entries[row].count { entries[row] += [Double](repeating: 0, count: offset + 1 - entries[row].count) }
        entries[row][offset] = value
        bandwidth = max(bandwidth, offset)
    }

    private func at(_ row: Int, _ offset: Int) -> Double { offset < entries[row].count ? entries[row][offset] : 0 }

    /// Replaces the matrix by U with A = UᵀU.
    mutating func factorize() {
        for row in 0..<size where entries[row].count < bandwidth + 1 {
            entries[row] += [Double](repeating: 0, count: bandwidth + 1 - entries[row].count)
        }
        for j in 0..<size {
            var pivot = entries[j][0]
            for k in max(0, j - bandwidth)..<j { pivot -= entries[k][j - k] * entries[k][j - k] }
            let root = max(pivot, .leastNormalMagnitude).squareRoot()
            entries[j][0] = root
            for i in (j + 1)..<min(size, j + bandwidth + 1) {
                var t = entries[j][i - j]
                for k in max(0, i - bandwidth)..<j { t -= at(k, j - k) * at(k, i - k) }
                entries[j][i - j] = t / root
            }
        }
    }

    /// Solves A x = b after `factorize`: Uᵀ y = b, then U x = y.
    func solve(_ b: [Double]) -> [Double] {
        var y = b
        for i in 0..<size {
            for k in max(0, i - bandwidth)..<i { y[i] -= at(k, i - k) * y[k] }
            y[i] /= entries[i][0]
        }
        var x = y
        for i in stride(from: size - 1, through: 0, by: -1) {
            for j in (i + 1)..<min(size, i + bandwidth + 1) { x[i] -= entries[i][j - i] * x[j] }
            x[i] /= entries[i][0]
        }
        return x
    }
}
