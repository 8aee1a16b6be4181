// 8-lane float vectors on AVX2 + FMA: the operations of ATen's Vectorized<float> in its AVX2
// build, with the same instructions. Included by kern_avx2.c (AVX2 machines) and, for the
// kernels ATen keeps at AVX2 on AVX-512 machines, by kern_avx512.c's 8-lane half.
#include <immintrin.h>

#define VL 8
typedef __m256 V;
typedef __m256 M;

static inline V v_load(const float *p) { return _mm256_loadu_ps(p); }
static inline void v_store(float *p, V v) { _mm256_storeu_ps(p, v); }
static inline V v_load_partial(const float *p, int64_t n) {
    float tmp[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int64_t i = 0; i < n; i++) tmp[i] = p[i];
    return _mm256_loadu_ps(tmp);
}
static inline void v_store_partial(float *p, V v, int64_t n) {
    float tmp[8];
    _mm256_storeu_ps(tmp, v);
    for (int64_t i = 0; i < n; i++) p[i] = tmp[i];
}
static inline V v_set1(float x) { return _mm256_set1_ps(x); }
static inline V v_zero(void) { return _mm256_setzero_ps(); }
static inline V v_add(V a, V b) { return _mm256_add_ps(a, b); }
static inline V v_sub(V a, V b) { return _mm256_sub_ps(a, b); }
static inline V v_mul(V a, V b) { return _mm256_mul_ps(a, b); }
static inline V v_div(V a, V b) { return _mm256_div_ps(a, b); }
static inline V v_fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
static inline V v_fnma(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
static inline V v_sqrt(V a) { return _mm256_sqrt_ps(a); }
static inline V v_floor(V a) { return _mm256_floor_ps(a); }
static inline V v_max(V a, V b) { return _mm256_max_ps(a, b); }
static inline V v_min(V a, V b) { return _mm256_min_ps(a, b); }
static inline V v_abs(V a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.f), a); }
static inline V v_neg(V a) { return _mm256_xor_ps(_mm256_set1_ps(-0.f), a); }
static inline V v_and(V a, V b) { return _mm256_and_ps(a, b); }
static inline V v_or(V a, V b) { return _mm256_or_ps(a, b); }
static inline V v_xor(V a, V b) { return _mm256_xor_ps(a, b); }
static inline V v_bits(int32_t x) { return _mm256_castsi256_ps(_mm256_set1_epi32(x)); }
static inline M v_lt(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
static inline M v_le(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
static inline M v_gt(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
static inline M v_ge(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_GE_OQ); }
static inline M v_eq(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
static inline M v_unord(V a, V b) { return _mm256_cmp_ps(a, b, _CMP_UNORD_Q); }
static inline M v_mask_or(M a, M b) { return _mm256_or_ps(a, b); }
static inline V v_blend(V a, V b, M m) { return _mm256_blendv_ps(a, b, m); }
static inline V v_mask_bits(M m) { return m; }
static inline V v_maximum(V a, V b) { return v_or(_mm256_max_ps(a, b), v_unord(a, b)); }
static inline V v_minimum(V a, V b) { return v_or(_mm256_min_ps(a, b), v_unord(a, b)); }
static inline V v_set_prefix(V a, V b, int64_t count) {
    float ta[8], tb[8];
    _mm256_storeu_ps(ta, a);
    _mm256_storeu_ps(tb, b);
    for (int64_t i = 0; i < count; i++) ta[i] = tb[i];
    return _mm256_loadu_ps(ta);
}
static inline V v_exp_u20_scale(V fx_minus_one) {
    __m256i e = _mm256_cvtps_epi32(fx_minus_one);
    e = _mm256_add_epi32(e, _mm256_set1_epi32(127));
    return _mm256_castsi256_ps(_mm256_slli_epi32(e, 23));
}
/// ATen's horizontal reduction tree for AVX2: lanes combined at xor-distance 4, 2, 1.
#define V_REDUCE_TREE(v, OP) do {                                   \
    V t_ = _mm256_permute2f128_ps(v, v, 0x1); v = OP(v, t_);         \
    t_ = _mm256_shuffle_ps(v, v, 0x4E); v = OP(v, t_);               \
    t_ = _mm256_shuffle_ps(v, v, 0xB1); v = OP(v, t_);               \
} while (0)
static inline float v_lane0(V v) { return _mm256_cvtss_f32(v); }

// SLEEF's 8-lane AVX2 builds (the functions ATen's AVX2 Vectorized<float> calls).
__m256 Sleef_expf8_u10avx2(__m256);
__m256 Sleef_expm1f8_u10avx2(__m256);
__m256 Sleef_exp2f8_u10avx2(__m256);
__m256 Sleef_logf8_u10avx2(__m256);
__m256 Sleef_log1pf8_u10avx2(__m256);
__m256 Sleef_powf8_u10avx2(__m256, __m256);
__m256 Sleef_tanhf8_u10avx2(__m256);
static inline V v_sleef_exp(V a) { return Sleef_expf8_u10avx2(a); }
static inline V v_sleef_expm1(V a) { return Sleef_expm1f8_u10avx2(a); }
static inline V v_sleef_exp2(V a) { return Sleef_exp2f8_u10avx2(a); }
static inline V v_sleef_log(V a) { return Sleef_logf8_u10avx2(a); }
static inline V v_sleef_log1p(V a) { return Sleef_log1pf8_u10avx2(a); }
static inline V v_sleef_pow(V a, V b) { return Sleef_powf8_u10avx2(a, b); }
static inline V v_sleef_tanh(V a) { return Sleef_tanhf8_u10avx2(a); }
