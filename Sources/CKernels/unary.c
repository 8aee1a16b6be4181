// Elementwise math with ATen's choice of library and lanes per op.
#include "common.h"
#include "chunks.h"
#include "dispatch.h"

void nk_sigmoid_f32(const float *x, float *y, int64_t n, int threads) {
    NK_FOR_CHUNKS(n, NK_GRAIN, threads) nk_wide->sigmoid(x + begin, y + begin, len);
}
void nk_log1p_f32(const float *x, float *y, int64_t n, int threads) {
    NK_FOR_CHUNKS(n, NK_GRAIN, threads) nk_narrow->log1p(x + begin, y + begin, len);
}
/// log1p maps every element through the same vector function, so chunks do not matter.
void nk_log1p_f32_all(const float *x, float *y, int64_t n) { nk_narrow->log1p(x, y, n); }
void nk_pow_f32(const float *x, const float *e, float *y, int64_t n, int threads) {
    NK_FOR_CHUNKS(n, NK_GRAIN, threads) nk_wide->pow(x + begin, e + begin, y + begin, len);
}
void nk_pow_scalar_f32(const float *x, double e, float *y, int64_t n, int threads) {
    if (e == -2.0) {
        NK_FOR_CHUNKS(n, NK_GRAIN, threads) nk_wide->pow_neg2(x + begin, y + begin, len);
        return;
    }
    NK_FOR_CHUNKS(n, NK_GRAIN, threads) nk_wide->pow_scalar(x + begin, e, y + begin, len);
}

static const struct nk_kernels *by_lanes(int lanes) {
    return lanes == 16 ? &nk_kernels_table_avx512 : lanes == 8 ? &nk_kernels_table_avx2 : &nk_kernels_table_base;
}
void nk_probe_exp_u20(const float *x, float *y, int64_t n, int lanes) { by_lanes(lanes)->exp_u20_map(x, y, n); }
float nk_probe_reduce_all(const float *x, int64_t n, int lanes, int max) {
    return max ? by_lanes(lanes)->reduce_all_max(x, n) : by_lanes(lanes)->reduce_all_add(x, n);
}
