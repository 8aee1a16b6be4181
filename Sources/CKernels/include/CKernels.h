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
/// "SLEEF 3.5.1", the SLEEF release built against.
const char *nk_sleef_version(void);
/// Column-major BLAS calls, exactly as ATen's cpublas passes them to MKL (or OpenBLAS).
/// Reduced QR (LAPACK geqrf + orgqr, MKL's when loaded) of a column-major m×n matrix: Q
/// overwrites the first min(m, n) columns of `a`, R (min(m, n)×n, column-major) goes to `r`.
int nk_sqr(int64_t m, int64_t n, float *a, float *r);
int nk_dqr(int64_t m, int64_t n, double *a, double *r);
/// LAPACK gesdd on a column-major m×n matrix (overwritten); MKL's when loaded, else OpenBLAS's.
int nk_sgesdd(char jobz, int64_t m, int64_t n, float *a, float *s, float *u, int64_t ldu, float *vt, int64_t ldvt);
int nk_dgesdd(char jobz, int64_t m, int64_t n, double *a, double *s, double *u, int64_t ldu, double *vt, int64_t ldvt);
void nk_sgemm(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
              const float *b, int64_t ldb, float beta, float *c, int64_t ldc);
void nk_dgemm(char transa, char transb, int64_t m, int64_t n, int64_t k, double alpha, const double *a, int64_t lda,
              const double *b, int64_t ldb, double beta, double *c, int64_t ldc);
void nk_sgemv(char trans, int64_t m, int64_t n, float alpha, const float *a, int64_t lda, const float *x, int64_t incx,
              float beta, float *y, int64_t incy);
void nk_sgemm_batch_strided(char transa, char transb, int64_t batch, int64_t m, int64_t n, int64_t k, float alpha,
                            const float *a, int64_t lda, int64_t stride_a, const float *b, int64_t ldb, int64_t stride_b,
                            float beta, float *c, int64_t ldc, int64_t stride_c);
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

/// float64 twins of nk_sum_f32 / nk_sum_strided_f32 (reduce_f64.c: ATen's 4-lane Vectorized<double>).
double nk_sum_f64(const double *x, int64_t n, int threads);
void nk_sum_strided_f64(const double *x, int ndim, const int64_t *shape, const int64_t *strides, const int64_t *out_strides,
                        double *out, int threads);

/// The 2-norm of n contiguous floats (linalg.vector_norm over a last dimension).
float nk_norm2_f32(const float *x, int64_t n);

// ---- Elementwise math (unary.c) ---------------------------------------------------------
void nk_sigmoid_f32(const float *x, float *y, int64_t n, int threads);
/// GELU (erf) as oneDNN 3.x's AVX-512 JIT kernel computes it (gelu_onednn.c).
void nk_gelu_onednn_f32(const float *x, float *y, int64_t n);
int nk_onednn_has_avx512_core(void);
/// LAPACK's getrf / getrs (backend.c): MKL's when loaded, OpenBLAS's otherwise.
void nk_sgetrf(int n, float *a, int lda, int *ipiv, int *info);
void nk_dgetrf(int n, double *a, int lda, int *ipiv, int *info);
void nk_sgetrs(char trans, int n, int nrhs, const float *a, int lda, const int *ipiv, float *b, int ldb);
void nk_dgetrs(char trans, int n, int nrhs, const double *a, int lda, const int *ipiv, double *b, int ldb);
void nk_log1p_f32(const float *x, float *y, int64_t n, int threads);
void nk_log1p_f32_all(const float *x, float *y, int64_t n);
void nk_pow_f32(const float *x, const float *e, float *y, int64_t n, int threads);
void nk_pow_scalar_f32(const float *x, double e, float *y, int64_t n, int threads);
void nk_softmax_lastdim_f32(const float *in, float *out, int64_t rows, int64_t dim);
void nk_log_softmax_lastdim_f32(const float *in, float *out, int64_t rows, int64_t dim);
void nk_softmax_backward_lastdim_f32(const float *grad, const float *y, float *grad_input, int64_t rows, int64_t dim, int log, int threads);
/// The same along a non-last dimension of a contiguous [outer, dim, inner] block.
void nk_softmax_dim_f32(const float *in, float *out, int64_t outer, int64_t dim, int64_t inner, int threads);
void nk_log_softmax_dim_f32(const float *in, float *out, int64_t outer, int64_t dim, int64_t inner);
void nk_softmax_backward_dim_f32(const float *grad, const float *y, float *grad_input, int64_t outer, int64_t dim, int64_t inner, int log);
void nk_tanh_backward_f32(const float *g, const float *y, float *out, int64_t n, int threads);
void nk_sigmoid_backward_f32(const float *g, const float *y, float *out, int64_t n, int threads);
void nk_log_sigmoid_f32(const float *x, float *y, int64_t n);
void nk_bce_logits_f32(const float *x, const float *t, float *y, int64_t n);

// ---- Elementwise arithmetic (elementwise.c) ----------------------------------------------
void nk_add_f32(const float *a, const float *b, float *y, int64_t n);
void nk_sub_f32(const float *a, const float *b, float *y, int64_t n);
void nk_mul_f32(const float *a, const float *b, float *y, int64_t n);
void nk_div_f32(const float *a, const float *b, float *y, int64_t n);
/// y = a + alpha·b as one fused multiply-add (ATen's add/sub with alpha).
void nk_add_alpha_f32(const float *a, const float *b, float alpha, float *y, int64_t n);
/// y = a op s for a scalar s: op 0 add, 1 sub, 2 rsub (s - a), 3 mul, 4 div, 5 rdiv (s / a).
void nk_scalar_op_f32(const float *a, float s, int op, float *y, int64_t n);
void nk_relu_f32(const float *x, float *y, int64_t n);
void nk_relu_backward_f32(const float *g, const float *y, float *out, int64_t n);
void nk_squared_diff_f32(const float *a, const float *b, float *y, int64_t n);
/// mse_loss backward: norm·(a - b)·g, g read with stride g_stride (0: one value for all).
void nk_mse_backward_f32(const float *a, const float *b, const float *g, int64_t g_stride, float norm, float *y, int64_t n);

// ---- Losses (loss.c) ---------------------------------------------------------------------
/// nll_loss over [batch, classes] log-probabilities; reduction 0 none (out[batch]), 1 mean,
/// 2 sum (out[0], *total_weight). Returns -1 with *bad_target when a target is out of range.
int nk_nll_loss_f32(const float *input, const int64_t *target, const float *weight, int64_t batch, int64_t classes,
                    int reduction, int64_t ignore_index, float *out, float *total_weight, int64_t *bad_target);
/// Its gradient into a zeroed [batch, classes] grad_input.
void nk_nll_loss_backward_f32(const float *grad_out, const int64_t *target, const float *weight, int64_t batch,
                              int64_t classes, int reduction, int64_t ignore_index, float total_weight, float *grad_input);
/// binary_cross_entropy elementwise; returns the index of the first value outside [0, 1], or -1.
int64_t nk_bce_f32(const float *x, const float *t, float *out, int64_t n);
void nk_bce_backward_f32(const float *g, int64_t g_stride, const float *x, const float *t, float *out, int64_t n);

// ---- Batch norm (batchnorm.c) ------------------------------------------------------------
void nk_batch_norm_f32(const float *x, int64_t batch, int64_t channels, int64_t image, const float *weight, const float *bias,
                       float *running_mean, float *running_var, int train, double momentum, double eps,
                       float *save_mean, float *save_invstd, float *out, int threads);
void nk_batch_norm_backward_f32(const float *dy, const float *x, int64_t batch, int64_t channels, int64_t image,
                                const float *weight, const float *running_mean, const float *running_var,
                                const float *save_mean, const float *save_invstd, int train, double eps,
                                float *grad_input, float *grad_weight, float *grad_bias, int threads);

// ---- Ranges (range.c) --------------------------------------------------------------------
void nk_linspace_f32(double start, double end, int64_t steps, float *out, int threads);
void nk_arange_f32(double start, double step, int64_t n, float *out, int threads);

// ---- Optimizer steps (optim.c), in place ---------------------------------------------------
void nk_sgd_step_f32(float *p, const float *grad, float *buf, int64_t n, double lr, double momentum, double dampening,
                     double weight_decay, int nesterov, int maximize, int first_step);
void nk_adam_step_f32(float *p, const float *grad, float *exp_avg, float *exp_avg_sq, float *max_exp_avg_sq, int64_t n,
                      double lr, double beta1, double beta2, double eps, double weight_decay, int amsgrad, int maximize,
                      int decoupled, double step);
void nk_rmsprop_step_f32(float *p, const float *grad, float *square_avg, float *grad_avg, float *momentum_buffer, int64_t n,
                         double lr, double alpha, double eps, double weight_decay, double momentum, int centered, int maximize);
void nk_adagrad_step_f32(float *p, const float *grad, float *state_sum, int64_t n, double lr, double lr_decay,
                         double weight_decay, double eps, int maximize, double step);

/// Probe entry points for the verification scripts (scripts/golden/kernels_probe.py).
void nk_probe_exp_u20(const float *x, float *y, int64_t n, int lanes);
float nk_probe_reduce_all(const float *x, int64_t n, int lanes, int max);

#ifdef __cplusplus
}
#endif
#endif
