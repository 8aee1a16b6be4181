// Elementwise arithmetic and activations over contiguous float32, split into thread chunks as
// TensorIterator does (only the split matters for the kernels with a vector/scalar boundary).
#include "common.h"
#include "chunks.h"
#include "dispatch.h"

void nk_add_f32(const float *a, const float *b, float *y, int64_t n) { nk_wide->add(a, b, y, n); }
void nk_sub_f32(const float *a, const float *b, float *y, int64_t n) { nk_wide->sub(a, b, y, n); }
void nk_mul_f32(const float *a, const float *b, float *y, int64_t n) { nk_wide->mul(a, b, y, n); }
void nk_div_f32(const float *a, const float *b, float *y, int64_t n) { nk_wide->div(a, b, y, n); }
void nk_add_alpha_f32(const float *a, const float *b, float alpha, float *y, int64_t n) { nk_wide->add_alpha(a, b, alpha, y, n); }
void nk_scalar_op_f32(const float *a, float s, int op, float *y, int64_t n) { nk_wide->scalar_op(a, s, op, y, n); }
void nk_relu_f32(const float *x, float *y, int64_t n) { nk_wide->relu(x, y, n); }
void nk_relu_backward_f32(const float *g, const float *y, float *out, int64_t n) { nk_wide->relu_backward(g, y, out, n); }
void nk_squared_diff_f32(const float *a, const float *b, float *y, int64_t n) { nk_wide->squared_diff(a, b, y, n); }
void nk_mse_backward_f32(const float *a, const float *b, const float *g, int64_t g_stride, float norm, float *y, int64_t n) {
    nk_wide->mse_backward(a, b, g, g_stride, norm, y, n);
}
void nk_log_sigmoid_f32(const float *x, float *y, int64_t n) { nk_narrow->log_sigmoid(x, y, n); }
void nk_bce_logits_f32(const float *x, const float *t, float *y, int64_t n) { nk_narrow->bce_logits(x, t, y, n); }

void nk_tanh_backward_f32(const float *g, const float *y, float *out, int64_t n, int threads) {
    NK_FOR_CHUNKS(n, NK_GRAIN, threads) nk_narrow->tanh_backward(g + begin, y + begin, out + begin, len);
}
void nk_sigmoid_backward_f32(const float *g, const float *y, float *out, int64_t n, int threads) {
    NK_FOR_CHUNKS(n, NK_GRAIN, threads) nk_narrow->sigmoid_backward(g + begin, y + begin, out + begin, len);
}
