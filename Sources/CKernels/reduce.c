// Sums as ATen's sum kernel computes them (SumKernel.cpp cascade_sum), including how
// TensorIterator orders, merges and splits the dimensions of a reduction
// (TensorIterator.cpp reorder_dimensions / coalesce_dimensions, TensorIteratorReduce.cpp).
// ATen runs its AVX2 build of this kernel even on AVX-512 CPUs: 8-float vectors.
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "dispatch.h"

#define RT float
#define RI(name) name##_f32
#define R_VL 8
#define R_INNER_SUM(in, n) nk_narrow->inner_sum(in, n)
#define R_OUTER_SUM(...) nk_narrow->outer_sum(__VA_ARGS__)
#define R_ROW_SUM_S(...) nk_narrow->row_sum_s(__VA_ARGS__)
#define R_MSUM_S(...) nk_narrow->msum_s(__VA_ARGS__)
#include "reduce_iter.h"

/// The 2-norm of n contiguous floats (norm's vectorized last-dimension path).
float nk_norm2_f32(const float *x, int64_t n) { return nk_narrow->norm2(x, n); }
