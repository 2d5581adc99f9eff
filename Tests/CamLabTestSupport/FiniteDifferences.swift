import CamLabCore

/// Central finite differences of `f` at `x`, one per element: (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h. The independent
/// check every gradient test goes through; `f` is evaluated in double precision by its caller.
public func finiteDifferences(at x: Tensor, step: Float = 1e-2, _ f: (Tensor) -> Double) -> [Double] {
    var probe = x
    return x.scalars.indices.map { i in
        let saved = probe.scalars[i]
        probe.scalars[i] = saved + step
        let plus = f(probe)
        probe.scalars[i] = saved - step
        let minus = f(probe)
        probe.scalars[i] = saved
        return (plus - minus) / Double(2 * step)
    }
}
