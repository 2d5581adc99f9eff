import CamLabCore

#if canImport(Glibc)
import Glibc
#endif

extension IntegrationRule {
    /// The points α in [0, 1] at which the path is sampled and their weights, which sum to 1. Gauss–Legendre is
    /// captum's `approximation_parameters`; the trapezoid is the textbook rule (step 1/(n−1), ends halved), where
    /// captum's `riemann_trapezoid` steps 1/n, so its weights sum to (n−1)/n and its attributions come out n/(n−1)
    /// times smaller than CamLab's.
    func points(_ count: Int) -> (alphas: [Double], weights: [Double]) {
        switch self {
        case .gaussLegendre:
            // NumPy's leggauss on [−1, 1], mapped to [0, 1] as captum does: α = (x + 1) / 2, w / 2.
            let (nodes, weights) = gaussLegendreRule(count)
            return (nodes.map { ($0 + 1) / 2 }, weights.map { $0 / 2 })
        case .riemannTrapezoid:
            guard count > 1 else { return ([0.5], [1]) }
            let step = 1 / Double(count - 1)
            var weights = [Double](repeating: step, count: count)
            weights[0] = step / 2
            weights[count - 1] = step / 2
            return ((0..<count).map { Double($0) * step }, weights)
        }
    }
}

/// The nodes (ascending) and weights of `n`-point Gauss–Legendre quadrature on [−1, 1]: the roots of the
/// Legendre polynomial P_n by Newton's method from Chebyshev-like guesses, and w = 2 / ((1 − x²) P_n'(x)²).
func gaussLegendreRule(_ n: Int) -> (nodes: [Double], weights: [Double]) {
    var nodes = [Double](repeating: 0, count: n), weights = [Double](repeating: 0, count: n)
    for i in 0..<(n + 1) / 2 {
        var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
        var derivative = 1.0
        for _ in 0..<100 {
            // P_n(x) by the three-term recurrence (P_{n−1} kept for the derivative).
            var (p, previous) = (1.0, 0.0)
            for k in 1...n {
                (p, previous) = ((Double(2 * k - 1) * x * p - Double(k - 1) * previous) / Double(k), p)
            }
            derivative = Double(n) * (x * p - previous) / (x * x - 1)
            let step = p / derivative
            x -= step
            if abs(step) < 1e-15 { break }
        }
        nodes[i] = -x
        nodes[n - 1 - i] = x
        weights[i] = 2 / ((1 - x * x) * derivative * derivative)
        weights[n - 1 - i] = weights[i]
    }
    return (nodes, weights)
}
