// One instruction set's kernel instances (see body_table.h); the dispatcher picks, per kernel,
// the instance ATen itself runs on this CPU.
#ifndef NK_TABLE_H
#define NK_TABLE_H
#include <stdint.h>
struct nk_kernels {
    int lanes;
    float (*inner_sum)(const float *in, int64_t n);
    void (*outer_sum)(const float *in, int64_t rows, int64_t cols, int64_t ld, float *out);
    float (*reduce_all_add)(const float *data, int64_t n);
    float (*reduce_all_max)(const float *data, int64_t n);
    void (*sigmoid)(const float *x, float *y, int64_t n);
    void (*log1p)(const float *x, float *y, int64_t n);
    void (*pow)(const float *x, const float *e, float *y, int64_t n);
    void (*pow_scalar)(const float *x, double e, float *y, int64_t n);
    void (*exp_u20_map)(const float *x, float *y, int64_t n);
};
extern const struct nk_kernels nk_kernels_table_base, nk_kernels_table_avx2, nk_kernels_table_avx512;
#endif
