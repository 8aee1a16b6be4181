// Elementwise kernels that ATen vectorizes itself (cpu_kernel_vec): the vector function runs on
// blocks of 2 vectors, the scalar function (glibc math) on the remaining n mod 2*lanes
// elements of each thread's chunk. Which function an element gets therefore depends on its
// position, and both must be ATen's.

#define NK_VECTORIZED_LOOP(n, VBODY, SBODY) do {                         \
    int64_t i_ = 0;                                                      \
    for (; i_ <= (n) - 2 * VL; i_ += 2 * VL) {                           \
        { const int64_t i = i_; VBODY; }                                 \
        { const int64_t i = i_ + VL; VBODY; }                            \
    }                                                                    \
    for (; i_ < (n); i_++) { const int64_t i = i_; SBODY; }              \
} while (0)

// ATen's Vectorized<float>::exp_u20: a degree-5 polynomial after range reduction (used by
// softmax-style kernels where ~20 ulp is acceptable).
static inline V NK(exp_u20)(V x) {
    const V log2e = v_bits(0x3fb8aa3b), ln2 = v_bits(0x3f317218);
    const V ln_flt_min = v_bits((int32_t)0xc2aeac50), ln_flt_max = v_bits(0x42b17218);
    M too_small = v_lt(x, ln_flt_min);
    V src = v_min(x, ln_flt_max);
    src = v_max(src, ln_flt_min);
    V fx = v_floor(v_fma(src, log2e, v_set1(0.5f)));
    V poly = v_fnma(fx, ln2, src);
    V r = v_fma(poly, v_set1(0.00828929059f), v_set1(0.0418978221f));
    r = v_fma(poly, r, v_set1(0.166676521f));
    r = v_fma(poly, r, v_set1(0.499991506f));
    r = v_fma(poly, r, v_set1(0.999999701f));
    r = v_fma(poly, r, v_set1(1.f));
    V scale = v_blend(v_exp_u20_scale(v_sub(fx, v_set1(1.f))), v_zero(), too_small);
    return v_mul(v_mul(r, scale), v_set1(2.f));
}

static inline V NK(v_sigmoid)(V x) {
    return v_div(v_set1(1.f), v_add(v_set1(1.f), v_sleef_exp(v_sub(v_zero(), x))));
}
static inline float NK(s_sigmoid)(float x) { return 1.f / (1.f + expf(-x)); }

// Each kernel below handles one thread's chunk; the dispatcher (unary.c) makes the chunks.

static void NK(sigmoid)(const float *x, float *y, int64_t n) {
    NK_VECTORIZED_LOOP(n, v_store(y + i, NK(v_sigmoid)(v_load(x + i))), y[i] = NK(s_sigmoid)(x[i]));
}

/// vec::map: whole vectors, then one partial vector (zero-padded), so every element takes the
/// vector function (ATen's at::vml::v<op> for ops MKL does not provide).
#define NK_MAP(n, VFUNC) do {                                                      \
    int64_t i_ = 0;                                                                \
    for (; i_ + VL <= (n); i_ += VL) v_store(y + i_, VFUNC(v_load(x + i_)));        \
    if (i_ < (n)) v_store_partial(y + i_, VFUNC(v_load_partial(x + i_, (n) - i_)), (n) - i_); \
} while (0)

static void NK(log1p)(const float *x, float *y, int64_t n) { NK_MAP(n, v_sleef_log1p); }

static void NK(pow)(const float *x, const float *e, float *y, int64_t n) {
    NK_VECTORIZED_LOOP(n, v_store(y + i, v_sleef_pow(v_load(x + i), v_load(e + i))), y[i] = powf(x[i], e[i]));
}

/// pow(tensor, python number): SLEEF with the exponent as float in the vector body, the scalar
/// tail in double (std::pow(float, double)) rounded to float.
static void NK(pow_scalar)(const float *x, double e, float *y, int64_t n) {
    const V ev = v_set1((float)e);
    NK_VECTORIZED_LOOP(n, v_store(y + i, v_sleef_pow(v_load(x + i), ev)), y[i] = (float)pow((double)x[i], e));
}

static void NK(exp_u20_map)(const float *x, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + VL <= n; i += VL) v_store(y + i, NK(exp_u20)(v_load(x + i)));
    if (i < n) v_store_partial(y + i, NK(exp_u20)(v_load_partial(x + i, n - i)), n - i);
}

// ATen's Vectorized<float>::erf: Abramowitz-Stegun 7.1.26 with fused multiply-adds and SLEEF's exp.
static inline V NK(v_erf)(V x) {
    const V one = v_set1(1.f), neg_zero = v_set1(-0.f);
    V sign = v_and(neg_zero, x);
    V ax = v_abs(x);
    V t = v_div(one, v_fma(v_set1(0.3275911f), ax, one));
    V r = v_fma(v_set1(1.061405429f), t, v_set1(-1.453152027f));
    r = v_fma(r, t, v_set1(1.421413741f));
    r = v_fma(r, t, v_set1(-0.284496736f));
    r = v_fma(r, t, v_set1(0.254829592f));
    V e = v_xor(neg_zero, v_sleef_exp(v_xor(neg_zero, v_mul(x, x))));
    return v_xor(sign, v_fma(v_mul(e, t), r, one));
}

#ifndef NK_GELU_S
#define NK_GELU_S(x) ((float)((double)(x) * 0.5 * (double)(1.f + erff((x) * (float)M_SQRT1_2))))
#endif
/// GELU (exact form): x/2 · (1 + erf(x/√2)).
static void NK(gelu)(const float *x, float *y, int64_t n) {
    const V half = v_set1(0.5f), one = v_set1(1.f), alpha = v_set1((float)M_SQRT1_2);
    NK_VECTORIZED_LOOP(n, v_store(y + i, v_mul(v_mul(v_load(x + i), half), v_add(one, NK(v_erf)(v_mul(v_load(x + i), alpha))))),
                       y[i] = NK_GELU_S(x[i]));
}

/// pow(x, -2): the vector body takes the float reciprocal of x·x, the scalar tail divides in
/// double (ATen's pow_tensor_scalar_optimized_kernel casts 1.0 to double there).
static void NK(pow_neg2)(const float *x, float *y, int64_t n) {
    const V one = v_set1(1.f);
    NK_VECTORIZED_LOOP(n, { V v = v_load(x + i); v_store(y + i, v_div(one, v_mul(v, v))); },
                       y[i] = (float)(1.0 / (double)(x[i] * x[i])));
}
