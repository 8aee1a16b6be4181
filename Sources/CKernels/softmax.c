// softmax and log_softmax as ATen computes them, with its thread split.
#include <string.h>
#include "common.h"
#include "dispatch.h"

/// softmax / log_softmax over the last dimension of a contiguous [rows, dim] block. ATen splits
/// rows between threads, which changes nothing in a row's arithmetic.
void nk_softmax_lastdim_f32(const float *in, float *out, int64_t rows, int64_t dim) {
    nk_wide->softmax_lastdim(in, out, rows, dim);
}
void nk_log_softmax_lastdim_f32(const float *in, float *out, int64_t rows, int64_t dim) {
    int64_t chunk = NK_GRAIN / (int64_t)(sizeof(float) * (size_t)dim);
    nk_wide->log_softmax_lastdim(in, out, rows, dim, chunk < 1 ? 1 : chunk);
}
/// Their gradients from the output y and the incoming gradient (log = 1 for log_softmax).
void nk_softmax_backward_lastdim_f32(const float *grad, const float *y, float *grad_input, int64_t rows, int64_t dim, int log, int threads) {
    // parallel_for(0, rows, GRAIN_SIZE / (16 * dim)) runs the rows in OpenMP's region when it splits them.
    int64_t grain = NK_GRAIN / (16 * dim), chunk;
    if (grain < 1) grain = 1;
    int parallel = nk_split(rows, grain, threads, &chunk) > 1;
    nk_wide->softmax_backward_lastdim(grad, y, grad_input, rows, dim, log, parallel);
}

/// softmax along a non-last dimension of a contiguous [outer, dim, inner] block: positions
/// split into one chunk per thread (PyTorch 2.15 splits as soon as there are two positions;
/// measured), which decides where vectors end.
void nk_softmax_dim_f32(const float *in, float *out, int64_t outer, int64_t dim, int64_t inner, int threads) {
    const int64_t grain = 1;
    int64_t chunk;
    int64_t n = outer * inner;
    int64_t count = nk_split(n, grain, threads, &chunk);
    for (int64_t c = 0; c < count; c++) {
        int64_t b = c * chunk, e = b + chunk < n ? b + chunk : n;
        nk_wide->softmax_dim_chunk(in, out, inner, dim, b, e);
    }
}
void nk_log_softmax_dim_f32(const float *in, float *out, int64_t outer, int64_t dim, int64_t inner) {
    nk_wide->log_softmax_dim(in, out, outer, inner, dim);
}
void nk_softmax_backward_dim_f32(const float *grad, const float *y, float *grad_input, int64_t outer, int64_t dim, int64_t inner, int log) {
    nk_wide->softmax_backward_dim(grad, y, grad_input, outer, inner, dim, log);
}

/// Probe: one kernel on one instance (lanes 8 or 16), no thread split.
void nk_probe_softmax(const float *in, float *out, int64_t rows, int64_t dim, int lanes, int log, int64_t chunk) {
    const struct nk_kernels *k = lanes == 16 ? &nk_kernels_table_avx512 : &nk_kernels_table_avx2;
    if (log) k->log_softmax_lastdim(in, out, rows, dim, chunk); else k->softmax_lastdim(in, out, rows, dim);
}
void nk_probe_softmax_backward(const float *g, const float *o, float *gi, int64_t rows, int64_t dim, int lanes, int log) {
    const struct nk_kernels *k = lanes == 16 ? &nk_kernels_table_avx512 : &nk_kernels_table_avx2;
    k->softmax_backward_lastdim(g, o, gi, rows, dim, log, 0);
}

void nk_probe_binary(const char *name, const float *a, const float *b, float *out, int64_t n, int lanes) {
    const struct nk_kernels *k = lanes == 16 ? &nk_kernels_table_avx512 : &nk_kernels_table_avx2;
    if (!strcmp(name, "gelu")) k->gelu(a, out, n);
    if (!strcmp(name, "tanh_backward")) k->tanh_backward(a, b, out, n);
    if (!strcmp(name, "sigmoid_backward")) k->sigmoid_backward(a, b, out, n);
}
float nk_probe_norm2(const float *x, int64_t n, int lanes) {
    return (lanes == 16 ? &nk_kernels_table_avx512 : &nk_kernels_table_avx2)->norm2(x, n);
}
