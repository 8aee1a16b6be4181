// Sums as ATen's sum kernel computes them, including how TensorIterator splits them between
// threads (aten/src/ATen/TensorIteratorReduce.cpp). ATen runs its AVX2 build here even on
// AVX-512 CPUs: 8-float vectors.
#include <stdlib.h>
#include "common.h"
#include "dispatch.h"

float nk_sum_f32(const float *x, int64_t n, int threads) {
    int64_t chunk;
    int64_t count = nk_split(n, NK_GRAIN, threads, &chunk);
    if (count <= 1) return 0.f + nk_narrow->inner_sum(x, n);
    // two_pass_reduction: one partial sum per thread (unused threads keep 0), then the
    // partials summed as a tensor of get_num_threads() elements.
    float partial[256] = {0};
    float *buffer = threads <= 256 ? partial : calloc((size_t)threads, sizeof(float));
    for (int64_t c = 0; c < count; c++) {
        int64_t begin = c * chunk, len = begin + chunk < n ? chunk : n - begin;
        buffer[c] = 0.f + nk_narrow->inner_sum(x + begin, len);
    }
    float r = 0.f + nk_narrow->inner_sum(buffer, threads);
    if (buffer != partial) free(buffer);
    return r;
}

void nk_sum_dim_f32(const float *x, int64_t outer, int64_t rows, int64_t inner, float *out, int threads) {
    (void)threads;
    for (int64_t i = 0; i < outer * inner; i++) out[i] = 0.f;
    if (inner == 1) {
        for (int64_t a = 0; a < outer; a++) out[a] = 0.f + nk_narrow->inner_sum(x + a * rows, rows);
        return;
    }
    for (int64_t a = 0; a < outer; a++)
        nk_narrow->outer_sum(x + a * rows * inner, rows, inner, inner, out + a * inner);
}
