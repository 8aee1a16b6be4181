#ifndef NNREPL_CKERNELS_H
#define NNREPL_CKERNELS_H
// nnrepl's numeric kernels: float32 arithmetic in the order and with the libraries PyTorch's
// ATen uses on this CPU (MKL for GEMM and VML, SLEEF and glibc for vectorized math, ATen's own
// summation order), compiled once per instruction set and chosen at run time.
//
// Every kernel taking `threads` splits its work as ATen's parallel_for would with that many
// threads (torch.get_num_threads()): the split changes which elements take the vector or the
// scalar path and how partial sums are grouped, so it is part of the result.
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// ---- CPU capability (cpu.c) -------------------------------------------------------------
/// 0 = default (no AVX2), 1 = AVX2, 2 = AVX512: what ATen would report on this CPU, or what
/// NNREPL_CPU_CAPABILITY (default / avx2 / avx512, like ATEN_CPU_CAPABILITY) asks for.
int nk_cpu_capability(void);
/// "DEFAULT", "AVX2" or "AVX512" (torch.backends.cpu.get_cpu_capability()).
const char *nk_cpu_capability_name(void);

// ---- BLAS and VML (backend.c) ---------------------------------------------------------
/// Whether Intel MKL was found and loaded (on first use).
int nk_mkl_loaded(void);
/// Which libraries compute products and vector math, in a sentence.
const char *nk_backend_description(void);
/// Column-major BLAS calls, exactly as ATen's cpublas passes them to MKL (or OpenBLAS).
void nk_sgemm(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
              const float *b, int64_t ldb, float beta, float *c, int64_t ldc);
void nk_dgemm(char transa, char transb, int64_t m, int64_t n, int64_t k, double alpha, const double *a, int64_t lda,
              const double *b, int64_t ldb, double beta, double *c, int64_t ldc);
void nk_sgemv(char trans, int64_t m, int64_t n, float alpha, const float *a, int64_t lda, const float *x, int64_t incx,
              float beta, float *y, int64_t incy);
float nk_sdot(int64_t n, const float *x, int64_t incx, const float *y, int64_t incy);
/// MKL VML in ATen's mode (high accuracy, no flush-to-zero): y[i] = f(x[i]).
#define NK_DECLARE_VML(name) \
    void nk_v##name##_f32(const float *x, float *y, int64_t n); \
    void nk_v##name##_f64(const double *x, double *y, int64_t n);
NK_DECLARE_VML(exp)
NK_DECLARE_VML(log)
NK_DECLARE_VML(sqrt)
NK_DECLARE_VML(tanh)
NK_DECLARE_VML(sin)
NK_DECLARE_VML(cos)
NK_DECLARE_VML(tan)
NK_DECLARE_VML(atan)
NK_DECLARE_VML(erf)
NK_DECLARE_VML(log10)
NK_DECLARE_VML(log2)
#undef NK_DECLARE_VML

// ---- Reductions (reduce.c) --------------------------------------------------------------
/// Sum of n contiguous floats (ATen's cascade sum; thread chunks as parallel_reduce makes them).
float nk_sum_f32(const float *x, int64_t n, int threads);
/// Sum of a strided tensor over the dims whose out_strides are 0, into out (zeroed by the caller;
/// out_strides are the output's element strides for each input dim): any layout, in the order
/// TensorIterator would visit it.
void nk_sum_strided_f32(const float *x, int ndim, const int64_t *shape, const int64_t *strides, const int64_t *out_strides,
                        float *out, int threads);

// ---- Elementwise math (unary.c) ---------------------------------------------------------
void nk_sigmoid_f32(const float *x, float *y, int64_t n, int threads);
void nk_log1p_f32(const float *x, float *y, int64_t n, int threads);
void nk_pow_f32(const float *x, const float *e, float *y, int64_t n, int threads);
void nk_pow_scalar_f32(const float *x, double e, float *y, int64_t n, int threads);
/// Probe entry points for the verification scripts (scripts/golden/kernels_probe.py).
void nk_probe_exp_u20(const float *x, float *y, int64_t n, int lanes);
float nk_probe_reduce_all(const float *x, int64_t n, int lanes, int max);

#ifdef __cplusplus
}
#endif
#endif
