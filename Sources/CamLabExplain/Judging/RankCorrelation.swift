/// Spearman's rank correlation, as SciPy's `spearmanr` computes it: Pearson's correlation of the two
/// sequences' ranks, tied values sharing the mean of the ranks they span. Adebayo et al. 2018 compare a
/// map with its counterpart from a randomised model this way. Returns NaN when either sequence is constant
/// (a flat map has no ranking to compare) or the lengths differ.
public func spearmanCorrelation(_ a: [Float], _ b: [Float]) -> Double {
    guard a.count == b.count, a.count > 1 else { return .nan }
    return pearsonCorrelation(averageRanks(a), averageRanks(b))
}

/// Ranks from 1, ties given the mean of their positions (SciPy's `rankdata(method="average")`).
func averageRanks(_ values: [Float]) -> [Double] {
    let order = values.indices.sorted { values[$0] < values[$1] }
    var ranks = [Double](repeating: 0, count: values.count)
    var start = 0
    while start < order.count {
        var end = start
        while end + 1 < order.count && values[order[end + 1]] == values[order[start]] { end += 1 }
        let shared = Double(start + end) / 2 + 1
        for i in start...end { ranks[order[i]] = shared }
        start = end + 1
    }
    return ranks
}

func pearsonCorrelation(_ a: [Double], _ b: [Double]) -> Double {
    let n = Double(a.count)
    let meanA = a.reduce(0, +) / n, meanB = b.reduce(0, +) / n
    var cross = 0.0, squaresA = 0.0, squaresB = 0.0
    for (x, y) in zip(a, b) {
        cross += (x - meanA) * (y - meanB)
        squaresA += (x - meanA) * (x - meanA)
        squaresB += (y - meanB) * (y - meanB)
    }
    guard squaresA > 0, squaresB > 0 else { return .nan }
    return max(-1, min(1, cross / (squaresA * squaresB).squareRoot()))
}
