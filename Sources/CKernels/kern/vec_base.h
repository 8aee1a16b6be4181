// 8-lane float "vectors" in plain C for CPUs without AVX2: the same lane order and roundings as
// the AVX2 layer (fused multiply-adds through fmaf, correctly rounded), so a machine without
// AVX2 computes what an AVX2 machine running PyTorch computes, only slower. The SLEEF calls use
// SLEEF's scalar functions of the same accuracy class (u10), which can differ in rare last bits
// from its AVX2 build.
#include <math.h>
#include <string.h>

#define VL 8
typedef struct { float f[8]; } V;
typedef struct { uint32_t u[8]; } M;

#define V_MAP1(expr) V r; for (int i = 0; i < 8; i++) { float x = a.f[i]; r.f[i] = (expr); } return r
#define V_MAP2(expr) V r; for (int i = 0; i < 8; i++) { float x = a.f[i], y = b.f[i]; r.f[i] = (expr); } return r
#define M_MAP2(expr) M r; for (int i = 0; i < 8; i++) { float x = a.f[i], y = b.f[i]; r.u[i] = (expr) ? 0xFFFFFFFFu : 0; } return r

static inline V v_load(const float *p) { V r; memcpy(r.f, p, sizeof r.f); return r; }
static inline void v_store(float *p, V v) { memcpy(p, v.f, sizeof v.f); }
static inline V v_load_partial(const float *p, int64_t n) {
    V r = {{0, 0, 0, 0, 0, 0, 0, 0}};
    for (int64_t i = 0; i < n; i++) r.f[i] = p[i];
    return r;
}
static inline void v_store_partial(float *p, V v, int64_t n) { for (int64_t i = 0; i < n; i++) p[i] = v.f[i]; }
static inline V v_set1(float x) { V r; for (int i = 0; i < 8; i++) r.f[i] = x; return r; }
static inline V v_zero(void) { return v_set1(0.f); }
static inline V v_add(V a, V b) { V_MAP2(x + y); }
static inline V v_sub(V a, V b) { V_MAP2(x - y); }
static inline V v_mul(V a, V b) { V_MAP2(x * y); }
static inline V v_div(V a, V b) { V_MAP2(x / y); }
static inline V v_fma(V a, V b, V c) { V r; for (int i = 0; i < 8; i++) r.f[i] = fmaf(a.f[i], b.f[i], c.f[i]); return r; }
static inline V v_fnma(V a, V b, V c) { V r; for (int i = 0; i < 8; i++) r.f[i] = fmaf(-a.f[i], b.f[i], c.f[i]); return r; }
static inline V v_sqrt(V a) { V_MAP1(sqrtf(x)); }
static inline V v_floor(V a) { V_MAP1(floorf(x)); }
static inline V v_max(V a, V b) { V_MAP2(x > y ? x : y); }   // vmaxps: the second operand unless a > b
static inline V v_min(V a, V b) { V_MAP2(x < y ? x : y); }
static inline V v_abs(V a) { V_MAP1(fabsf(x)); }
static inline V v_neg(V a) { V_MAP1(-x); }
static inline uint32_t f2u(float x) { uint32_t u; memcpy(&u, &x, 4); return u; }
static inline float u2f(uint32_t u) { float x; memcpy(&x, &u, 4); return x; }
static inline V v_and(V a, V b) { V_MAP2(u2f(f2u(x) & f2u(y))); }
static inline V v_or(V a, V b) { V_MAP2(u2f(f2u(x) | f2u(y))); }
static inline V v_xor(V a, V b) { V_MAP2(u2f(f2u(x) ^ f2u(y))); }
static inline V v_bits(int32_t x) { return v_set1(u2f((uint32_t)x)); }
static inline M v_lt(V a, V b) { M_MAP2(x < y); }
static inline M v_le(V a, V b) { M_MAP2(x <= y); }
static inline M v_gt(V a, V b) { M_MAP2(x > y); }
static inline M v_ge(V a, V b) { M_MAP2(x >= y); }
static inline M v_eq(V a, V b) { M_MAP2(x == y); }
static inline M v_unord(V a, V b) { M_MAP2(x != x || y != y); }
static inline M v_mask_or(M a, M b) { M r; for (int i = 0; i < 8; i++) r.u[i] = a.u[i] | b.u[i]; return r; }
static inline V v_blend(V a, V b, M m) { V r; for (int i = 0; i < 8; i++) r.f[i] = m.u[i] ? b.f[i] : a.f[i]; return r; }
static inline V v_mask_bits(M m) { V r; for (int i = 0; i < 8; i++) r.f[i] = u2f(m.u[i]); return r; }
static inline V v_maximum(V a, V b) { return v_or(v_max(a, b), v_mask_bits(v_unord(a, b))); }
static inline V v_minimum(V a, V b) { return v_or(v_min(a, b), v_mask_bits(v_unord(a, b))); }
static inline V v_set_prefix(V a, V b, int64_t count) { for (int64_t i = 0; i < count; i++) a.f[i] = b.f[i]; return a; }
static inline V v_exp_u20_scale(V fx_minus_one) {
    V r;
    for (int i = 0; i < 8; i++) r.f[i] = u2f((uint32_t)((int32_t)lrintf(fx_minus_one.f[i]) + 127) << 23);
    return r;
}
static inline V v_swap_lanes(V v, int distance) {
    V r;
    for (int i = 0; i < 8; i++) r.f[i] = v.f[i ^ distance];
    return r;
}
#define V_REDUCE_TREE(v, OP) do {                 \
    v = OP(v, v_swap_lanes(v, 4));                 \
    v = OP(v, v_swap_lanes(v, 2));                 \
    v = OP(v, v_swap_lanes(v, 1));                 \
} while (0)
static inline float v_lane0(V v) { return v.f[0]; }

float Sleef_expf_u10(float);
float Sleef_expm1f_u10(float);
float Sleef_exp2f_u10(float);
float Sleef_logf_u10(float);
float Sleef_log1pf_u10(float);
float Sleef_powf_u10(float, float);
float Sleef_tanhf_u10(float);
static inline V v_sleef_exp(V a) { V_MAP1(Sleef_expf_u10(x)); }
static inline V v_sleef_expm1(V a) { V_MAP1(Sleef_expm1f_u10(x)); }
static inline V v_sleef_exp2(V a) { V_MAP1(Sleef_exp2f_u10(x)); }
static inline V v_sleef_log(V a) { V_MAP1(Sleef_logf_u10(x)); }
static inline V v_sleef_log1p(V a) { V_MAP1(Sleef_log1pf_u10(x)); }
static inline V v_sleef_pow(V a, V b) { V_MAP2(Sleef_powf_u10(x, y)); }
static inline V v_sleef_tanh(V a) { V_MAP1(Sleef_tanhf_u10(x)); }
