// 16-lane float vectors on AVX-512 (F, DQ, BW, VL): the operations of ATen's
// Vectorized<float> in its AVX512 build, with the same instructions, so every lane rounds as
// ATen's does. Included only by kern_avx512.c, whose functions all carry the AVX-512 target.
#include <immintrin.h>

#define VL 16
typedef __m512 V;
typedef __mmask16 M;

static inline V v_load(const float *p) { return _mm512_loadu_ps(p); }
static inline void v_store(float *p, V v) { _mm512_storeu_ps(p, v); }
static inline __mmask16 v_prefix(int64_t n) { return (__mmask16)((1u << n) - 1u); }
/// The first n lanes from memory, zeros after (Vectorized::loadu(ptr, count)).
static inline V v_load_partial(const float *p, int64_t n) { return _mm512_maskz_loadu_ps(v_prefix(n), p); }
static inline void v_store_partial(float *p, V v, int64_t n) { _mm512_mask_storeu_ps(p, v_prefix(n), v); }
static inline V v_set1(float x) { return _mm512_set1_ps(x); }
static inline V v_zero(void) { return _mm512_setzero_ps(); }
static inline V v_add(V a, V b) { return _mm512_add_ps(a, b); }
static inline V v_sub(V a, V b) { return _mm512_sub_ps(a, b); }
static inline V v_mul(V a, V b) { return _mm512_mul_ps(a, b); }
static inline V v_div(V a, V b) { return _mm512_div_ps(a, b); }
static inline V v_fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }    // a*b + c, one rounding
static inline V v_fnma(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }  // c - a*b, one rounding
static inline V v_sqrt(V a) { return _mm512_sqrt_ps(a); }
static inline V v_floor(V a) { return _mm512_roundscale_ps(a, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
/// vmaxps / vminps: the second operand when either is NaN (Vectorized's clamp_min / clamp_max).
static inline V v_max(V a, V b) { return _mm512_max_ps(a, b); }
static inline V v_min(V a, V b) { return _mm512_min_ps(a, b); }
static inline V v_abs(V a) { return _mm512_abs_ps(a); }
static inline V v_neg(V a) { return _mm512_xor_ps(_mm512_set1_ps(-0.f), a); }
static inline V v_and(V a, V b) { return _mm512_and_ps(a, b); }
static inline V v_or(V a, V b) { return _mm512_or_ps(a, b); }
static inline V v_xor(V a, V b) { return _mm512_xor_ps(a, b); }
static inline V v_bits(int32_t x) { return _mm512_castsi512_ps(_mm512_set1_epi32(x)); }
static inline M v_lt(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_LT_OQ); }
static inline M v_le(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
static inline M v_gt(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
static inline M v_ge(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_GE_OQ); }
static inline M v_eq(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_EQ_OQ); }
static inline M v_unord(V a, V b) { return _mm512_cmp_ps_mask(a, b, _CMP_UNORD_Q); }
static inline M v_mask_or(M a, M b) { return (M)(a | b); }
/// Lanes of b where m is set, of a elsewhere (Vectorized::blendv(a, b, mask)).
static inline V v_blend(V a, V b, M m) { return _mm512_mask_blend_ps(m, a, b); }
/// A comparison result as a float vector of all-ones / zero lanes (ATen's comparison operators).
static inline V v_mask_bits(M m) { return _mm512_castsi512_ps(_mm512_maskz_set1_epi32(m, -1)); }
/// IEEE maximum / minimum that propagate NaN (ATen's vec::maximum / vec::minimum).
static inline V v_maximum(V a, V b) { return v_or(_mm512_max_ps(a, b), v_mask_bits(v_unord(a, b))); }
static inline V v_minimum(V a, V b) { return v_or(_mm512_min_ps(a, b), v_mask_bits(v_unord(a, b))); }
/// Vectorized::set(a, b, count): the first `count` lanes from b, the rest from a.
static inline V v_set_prefix(V a, V b, int64_t count) { return _mm512_mask_blend_ps(v_prefix(count), a, b); }
/// 2^(n) scaling pieces of exp_u20.
static inline V v_exp_u20_scale(V fx_minus_one) {
    __m512i e = _mm512_cvtps_epi32(fx_minus_one);
    e = _mm512_add_epi32(e, _mm512_set1_epi32(127));
    return _mm512_castsi512_ps(_mm512_slli_epi32(e, 23));
}
/// ATen's horizontal reduction tree for AVX512 (vec_reduce_all): lanes combined at xor-distance 8, 4, 2, 1.
#define V_REDUCE_TREE(v, OP) do {                                   \
    V t_ = _mm512_shuffle_f32x4(v, v, 0x4E); v = OP(v, t_);          \
    t_ = _mm512_shuffle_f32x4(v, v, 0xB1); v = OP(v, t_);            \
    t_ = _mm512_shuffle_ps(v, v, 0x4E); v = OP(v, t_);               \
    t_ = _mm512_shuffle_ps(v, v, 0xB1); v = OP(v, t_);               \
} while (0)
static inline float v_lane0(V v) { return _mm512_cvtss_f32(v); }

// SLEEF, the vector math library ATen's Vectorized<float> calls (16-lane AVX-512F builds).
__m512 Sleef_expf16_u10avx512f(__m512);
__m512 Sleef_expm1f16_u10avx512f(__m512);
__m512 Sleef_exp2f16_u10avx512f(__m512);
__m512 Sleef_logf16_u10avx512f(__m512);
__m512 Sleef_log1pf16_u10avx512f(__m512);
__m512 Sleef_powf16_u10avx512f(__m512, __m512);
__m512 Sleef_tanhf16_u10avx512f(__m512);
static inline V v_sleef_exp(V a) { return Sleef_expf16_u10avx512f(a); }
static inline V v_sleef_expm1(V a) { return Sleef_expm1f16_u10avx512f(a); }
static inline V v_sleef_exp2(V a) { return Sleef_exp2f16_u10avx512f(a); }
static inline V v_sleef_log(V a) { return Sleef_logf16_u10avx512f(a); }
static inline V v_sleef_log1p(V a) { return Sleef_log1pf16_u10avx512f(a); }
static inline V v_sleef_pow(V a, V b) { return Sleef_powf16_u10avx512f(a, b); }
static inline V v_sleef_tanh(V a) { return Sleef_tanhf16_u10avx512f(a); }
