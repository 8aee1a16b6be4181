// float64 sums as ATen computes them: the same cascade and iteration as float32 (reduce.c), over
// ATen's AVX2 Vectorized<double>, 4 lanes. The lanes are plain C here: a vector add is four IEEE
// additions, so the bits are the vector kernel's on any CPU (float64 sums are rarely big enough
// in a lesson for the vector instructions to matter).
#include <stdlib.h>
#include <string.h>
#include "common.h"

#define VL 4
typedef struct { double f[4]; } V;
static inline V v_load(const double *p) { V r; memcpy(r.f, p, sizeof r.f); return r; }
static inline void v_store(double *p, V v) { memcpy(p, v.f, sizeof v.f); }
static inline V v_zero(void) { V r = {{0, 0, 0, 0}}; return r; }
static inline V v_add(V a, V b) { V r; for (int i = 0; i < 4; i++) r.f[i] = a.f[i] + b.f[i]; return r; }

#define NK(name) nk_##name##_f64c
#define NK_S double
#include "body_cascade.h"

#define RT double
#define RI(name) name##_f64
#define R_VL VL
#define R_INNER_SUM(in, n) NK(inner_sum)(in, n)
#define R_OUTER_SUM(...) NK(outer_sum)(__VA_ARGS__)
#define R_ROW_SUM_S(...) NK(row_sum_s)(__VA_ARGS__)
#define R_MSUM_S(...) NK(msum_s)(__VA_ARGS__)
#include "reduce_iter.h"
