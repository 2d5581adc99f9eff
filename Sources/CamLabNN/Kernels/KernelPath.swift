#if canImport(Glibc)
import Glibc
#endif
import CamLabKernels

/// Which of CamLab's compiled convolution kernels a layer runs (see CamLabKernels): an instruction set, a vector
/// width, and whether 3×3 stride-1 layers use Winograd's F(tile×tile, 3×3). Every instance is built into every
/// binary and chosen per layer, never by process-wide state, so tests run each instance this CPU supports side
/// by side with the plain im2col + sgemm reference.
public struct KernelPath: Sendable, Hashable, CustomStringConvertible {
    public enum InstructionSet: String, Sendable, CaseIterable {
        /// im2col + OpenBLAS sgemm, no CamLab kernels: the plain reference the others are checked against.
        case reference
        /// The kernels compiled for the compiler's baseline (SSE2 on x86-64): any CPU.
        case portable
        case avx2
        case avx512
    }

    public var instructionSet: InstructionSet
    /// Floats per vector: 8 (AVX2's registers) or 16 (AVX-512's).
    public var width: Int
    /// 2 or 4 for Winograd F(2×2, 3×3) or F(4×4, 3×3) where it applies; nil for direct convolution only.
    public var winogradTile: Int?

    public init(_ instructionSet: InstructionSet, width: Int = 8, winogradTile: Int? = 4) {
        self.instructionSet = instructionSet
        self.width = width
        self.winogradTile = instructionSet == .reference ? nil : winogradTile
    }

    public static let reference = KernelPath(.reference)

    /// The fastest path this CPU runs: AVX-512 at width 16, else AVX2 at width 8, else the portable kernels.
    /// F(4×4, 3×3) does 4× fewer multiplies than direct convolution; its error bound is in `Winograd`.
    /// `CAMLAB_KERNELS=reference|portable|avx2|avx512` in the environment picks another set this CPU runs, to
    /// compare or to rule the kernels out when a result looks wrong.
    public static let best: KernelPath = {
        let candidates = [KernelPath(.avx512, width: 16), KernelPath(.avx2), KernelPath(.portable)]
        if let name = getenv("CAMLAB_KERNELS").map({ String(cString: $0) }), let set = InstructionSet(rawValue: name) {
            let chosen = KernelPath(set, width: set == .avx512 ? 16 : 8)
            if chosen.runsHere { return chosen }
        }
        return candidates.first(where: \.runsHere) ?? .reference
    }()

    /// Every path this CPU can run, for tests: each instruction set at both widths (a 16-wide instance built for
    /// AVX2 does the AVX-512 kernels' index arithmetic), with and without each Winograd tile.
    public static var runnableHere: [KernelPath] {
        var paths = [KernelPath.reference]
        for set in InstructionSet.allCases where set != .reference {
            for width in [8, 16] {
                for tile in [nil, 2, 4] as [Int?] {
                    let path = KernelPath(set, width: width, winogradTile: tile)
                    if path.runsHere { paths.append(path) }
                }
            }
        }
        return paths
    }

    public var runsHere: Bool {
        instructionSet == .reference || camlab_kernel_path_runs_here(cPath)
    }

    var cPath: camlab_kernel_path {
        let isa: Int32
        switch instructionSet {
        case .reference, .portable: isa = Int32(CAMLAB_PORTABLE)
        case .avx2: isa = Int32(CAMLAB_AVX2)
        case .avx512: isa = Int32(CAMLAB_AVX512)
        }
        return camlab_kernel_path(isa: isa, width: Int32(width))
    }

    public var description: String {
        instructionSet == .reference ? "reference (im2col + sgemm)"
            : "\(instructionSet.rawValue) ×\(width)" + (winogradTile.map { ", Winograd F(\($0)×\($0), 3×3)" } ?? ", direct")
    }
}

extension KernelPath {
    /// Runs a loop of independent fused multiply-adds on this path's widest vectors, `iterations` rounds, and
    /// returns the floating-point operations it did: over the time it took, the rate one core can reach at best.
    public func fmaThroughput(iterations: Int) -> Double {
        camlab_fma_throughput(cPath, iterations)
    }
}
