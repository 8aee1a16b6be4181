#ifndef NNREPL_CPOOLING_H
#define NNREPL_CPOOLING_H
// Max pooling over contiguous NCHW float planes, as aten's cpu_max_pool computes it: each
// window clamped to the input and scanned in row-major order, a larger value or any NaN taking
// over (so the first maximum and the last NaN win), the index being the flat position in the
// input plane. In C so that the compiler turns the comparisons into vector selects (built per
// instruction set, chosen at run time); Swift's version branched per cell.
#include <stdint.h>

void nn_max_pool2d_f32(const float *src, int64_t planes, int64_t h, int64_t w, int64_t oh, int64_t ow,
                       int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw,
                       int64_t dh, int64_t dw, float *out, int64_t *indices);

/// grad_input (zeroed by the caller) += grad_output scattered to `indices`, per plane, in
/// output order (aten's max_pool2d backward).
void nn_max_pool2d_backward_f32(const float *grad_out, const int64_t *indices, int64_t planes,
                                int64_t in_plane, int64_t out_plane, float *grad_in);
#endif
