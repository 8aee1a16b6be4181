// One instruction set's kernel instances (see body_table.h); the dispatcher picks, per kernel,
// the instance ATen itself runs on this CPU.
#ifndef NK_TABLE_H
#define NK_TABLE_H
#include <stdint.h>
struct nk_kernels {
    int lanes;
    float (*inner_sum)(const float *in, int64_t n);
    void (*outer_sum)(const float *in, int64_t rows, int64_t cols, int64_t ld, float *out, int64_t out_stride);
    float (*row_sum_s)(const float *in, int64_t stride, int64_t size);
    void (*msum_s)(const float *in, int64_t row_stride, int64_t col_stride, int64_t size, int nrows, float out[4]);
    float (*reduce_all_add)(const float *data, int64_t n);
    float (*reduce_all_max)(const float *data, int64_t n);
    void (*sigmoid)(const float *x, float *y, int64_t n);
    void (*log1p)(const float *x, float *y, int64_t n);
    void (*pow)(const float *x, const float *e, float *y, int64_t n);
    void (*pow_scalar)(const float *x, double e, float *y, int64_t n);
    void (*pow_neg2)(const float *x, float *y, int64_t n);
    void (*exp_u20_map)(const float *x, float *y, int64_t n);
    void (*softmax_lastdim)(const float *in, float *out, int64_t rows, int64_t dim);
    void (*log_softmax_lastdim)(const float *in, float *out, int64_t rows, int64_t dim, int64_t chunk);
    void (*add)(const float *a, const float *b, float *y, int64_t n);
    void (*sub)(const float *a, const float *b, float *y, int64_t n);
    void (*mul)(const float *a, const float *b, float *y, int64_t n);
    void (*div)(const float *a, const float *b, float *y, int64_t n);
    void (*add_alpha)(const float *a, const float *b, float alpha, float *y, int64_t n);
    void (*scalar_op)(const float *a, float s, int op, float *y, int64_t n);
    void (*relu)(const float *x, float *y, int64_t n);
    void (*relu_backward)(const float *g, const float *y, float *out, int64_t n);
    void (*squared_diff)(const float *a, const float *b, float *y, int64_t n);
    void (*mse_backward)(const float *a, const float *b, const float *g, int64_t g_stride, float norm, float *y, int64_t n);
    void (*log_sigmoid)(const float *x, float *y, int64_t n);
    void (*bce_logits)(const float *x, const float *t, float *y, int64_t n);
    float (*norm2)(const float *x, int64_t n);
    void (*bn_affine_plane)(const float *x, float alpha, float beta, float *out, int64_t size);
    void (*bn_affine_row)(const float *x, const float *alpha, const float *beta, float *out, int64_t channels);
    void (*bn_accumulate_row)(float *acc, const float *x, const float *mean, int64_t channels, int mode);
    float (*bn_dot_plane)(const float *x, const float *dy, float mean, int64_t n);
    void (*bn_dx_plane)(const float *x, const float *dy, float *dx, float mean, float k, float grad_mean, float invstd, float w, int64_t n);
    void (*bn_backward_accumulate_row)(float *sum, float *dotp, const float *x, const float *mean, const float *dy, int64_t channels);
    void (*bn_dx_row)(const float *x, const float *dy, float *dx, const float *mean, const float *dotp, const float *sum,
                      const float *invstd, const float *w, float n_float, int64_t channels);
    void (*gelu)(const float *x, float *y, int64_t n);
    void (*softmax_dim_chunk)(const float *in, float *out, int64_t inner, int64_t dim, int64_t begin, int64_t end);
    void (*log_softmax_dim)(const float *in, float *out, int64_t outer, int64_t inner, int64_t dim);
    void (*softmax_backward_dim)(const float *grad, const float *y, float *gin, int64_t outer, int64_t inner, int64_t dim, int log);
    void (*tanh_backward)(const float *g, const float *y, float *out, int64_t n);
    void (*sigmoid_backward)(const float *g, const float *y, float *out, int64_t n);
    void (*softmax_backward_lastdim)(const float *grad, const float *output, float *gin, int64_t rows, int64_t dim, int log, int parallel);
};
extern const struct nk_kernels nk_kernels_table_base, nk_kernels_table_avx2, nk_kernels_table_avx512;
#endif
