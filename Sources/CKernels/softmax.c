// softmax and log_softmax as ATen computes them, with its thread split.
#include <string.h>
#include "common.h"
#include "dispatch.h"

/// Probe: one kernel on one instance (lanes 8 or 16), no thread split.
void nk_probe_softmax(const float *in, float *out, int64_t rows, int64_t dim, int lanes, int log, int64_t chunk) {
    const struct nk_kernels *k = lanes == 16 ? &nk_kernels_table_avx512 : &nk_kernels_table_avx2;
    if (log) k->log_softmax_lastdim(in, out, rows, dim, chunk); else k->softmax_lastdim(in, out, rows, dim);
}
void nk_probe_softmax_backward(const float *g, const float *o, float *gi, int64_t rows, int64_t dim, int lanes, int log) {
    const struct nk_kernels *k = lanes == 16 ? &nk_kernels_table_avx512 : &nk_kernels_table_avx2;
    k->softmax_backward_lastdim(g, o, gi, rows, dim, log);
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
