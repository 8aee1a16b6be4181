import CKernels
import CBLAS

/// What computes nnrepl's float32 arithmetic on this machine, for `torch.__config__.show()`
/// and `torch.backends.cpu.get_cpu_capability()` (docs/numerics.md).
public enum NumericsInfo {
    /// "DEFAULT", "AVX2" or "AVX512": the kernel set ATen would pick here (NNREPL_CPU_CAPABILITY
    /// can lower it, as ATEN_CPU_CAPABILITY does for PyTorch).
    public static var cpuCapability: String { String(cString: nk_cpu_capability_name()) }

    /// Whether Intel MKL 2024.2 was loaded (products and VML as PyTorch's CPU wheel computes them).
    public static var usesMKL: Bool { nk_mkl_loaded() != 0 }

    /// PyTorch's `torch.__config__.show()` layout, listing nnrepl's own libraries.
    public static var configText: String {
        let blas = String(cString: nk_backend_description())
        let verdict = usesMKL && blas.contains("2024.2") && cpuCapability == "AVX512"
            ? "float32 results bit-identical to PyTorch 2.15's CPU build on this CPU family (see docs/numerics.md)"
            : "float32 results close to PyTorch's (within float32 rounding), not guaranteed bit-identical here (see docs/numerics.md)"
        return """
        nnrepl built with:
          - \(blas)
          - SLEEF 3.5 and glibc libm: the vectorized and scalar math ATen calls
          - ATen's summation order, vector widths and fused multiply-adds, reimplemented in C (CKernels)
          - CPU capability usage: \(cpuCapability)
          - Numerics: \(verdict)

        """
    }

    /// The libraries doing the arithmetic, one per line, for `nnrepl --version`.
    public static var backendLines: [String] {
        let openBLAS = openblas_get_config().map { String(cString: $0) } ?? "OpenBLAS"
        return [
            String(cString: nk_backend_description()),
            "\(oneDNNVersion): convolution",
            "\(openBLAS): the other BLAS calls",
            "\(String(cString: nk_sleef_version())) and glibc libm: vectorized and scalar math",
            "CPU capability: \(cpuCapability)",
        ]
    }
}
