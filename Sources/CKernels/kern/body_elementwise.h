// Elementwise arithmetic over contiguous floats. Each result is one IEEE operation (or one fma
// where ATen's kernel fuses), so any lane width gives ATen's bits; these run on the widest
// instance for speed.

static void NK(add)(const float *a, const float *b, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + VL <= n; i += VL) v_store(y + i, v_add(v_load(a + i), v_load(b + i)));
    for (; i < n; i++) y[i] = a[i] + b[i];
}
static void NK(sub)(const float *a, const float *b, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + VL <= n; i += VL) v_store(y + i, v_sub(v_load(a + i), v_load(b + i)));
    for (; i < n; i++) y[i] = a[i] - b[i];
}
static void NK(mul)(const float *a, const float *b, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + VL <= n; i += VL) v_store(y + i, v_mul(v_load(a + i), v_load(b + i)));
    for (; i < n; i++) y[i] = a[i] * b[i];
}
static void NK(div)(const float *a, const float *b, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + VL <= n; i += VL) v_store(y + i, v_div(v_load(a + i), v_load(b + i)));
    for (; i < n; i++) y[i] = a[i] / b[i];
}
/// y = a + alpha·b as one fma (ATen's add/sub with alpha; sub passes -alpha).
static void NK(add_alpha)(const float *a, const float *b, float alpha, float *y, int64_t n) {
    const V al = v_set1(alpha);
    int64_t i = 0;
    for (; i + VL <= n; i += VL) v_store(y + i, v_fma(al, v_load(b + i), v_load(a + i)));
    for (; i < n; i++) y[i] = fmaf(alpha, b[i], a[i]);
}
/// Tensor ∘ scalar: op 0 add, 1 sub (a - s), 2 rsub (s - a), 3 mul, 4 div (a / s), 5 rdiv (s / a).
static void NK(scalar_op)(const float *a, float s, int op, float *y, int64_t n) {
    const V sv = v_set1(s);
    int64_t i = 0;
    switch (op) {
    case 0: for (; i + VL <= n; i += VL) v_store(y + i, v_add(v_load(a + i), sv)); for (; i < n; i++) y[i] = a[i] + s; break;
    case 1: for (; i + VL <= n; i += VL) v_store(y + i, v_sub(v_load(a + i), sv)); for (; i < n; i++) y[i] = a[i] - s; break;
    case 2: for (; i + VL <= n; i += VL) v_store(y + i, v_sub(sv, v_load(a + i))); for (; i < n; i++) y[i] = s - a[i]; break;
    case 3: for (; i + VL <= n; i += VL) v_store(y + i, v_mul(v_load(a + i), sv)); for (; i < n; i++) y[i] = a[i] * s; break;
    case 4: for (; i + VL <= n; i += VL) v_store(y + i, v_div(v_load(a + i), sv)); for (; i < n; i++) y[i] = a[i] / s; break;
    default: for (; i + VL <= n; i += VL) v_store(y + i, v_div(sv, v_load(a + i))); for (; i < n; i++) y[i] = s / a[i]; break;
    }
}
/// relu: max(x, 0) with NaN kept (clamp_min).
static void NK(relu)(const float *x, float *y, int64_t n) {
    const V z = v_zero();
    int64_t i = 0;
    for (; i + VL <= n; i += VL) v_store(y + i, v_max(z, v_load(x + i)));
    for (; i < n; i++) y[i] = x[i] < 0.f ? 0.f : x[i];
}
/// The gradient of relu: grad where y > 0 (threshold_backward), else 0.
static void NK(relu_backward)(const float *g, const float *y, float *out, int64_t n) {
    int64_t i = 0;
    const V z = v_zero();
    for (; i + VL <= n; i += VL) v_store(out + i, v_blend(z, v_load(g + i), v_gt(v_load(y + i), z)));
    for (; i < n; i++) out[i] = y[i] <= 0.f ? 0.f : g[i];
}
/// (a - b)² (the elementwise MSE loss).
static void NK(squared_diff)(const float *a, const float *b, float *y, int64_t n) {
    int64_t i = 0;
    for (; i + VL <= n; i += VL) { V d = v_sub(v_load(a + i), v_load(b + i)); v_store(y + i, v_mul(d, d)); }
    for (; i < n; i++) { float d = a[i] - b[i]; y[i] = d * d; }
}
/// mse_loss backward: norm·(a - b)·g, g read with stride g_stride (0 for a scalar gradient).
static void NK(mse_backward)(const float *a, const float *b, const float *g, int64_t g_stride, float norm, float *y, int64_t n) {
    for (int64_t i = 0; i < n; i++) y[i] = norm * (a[i] - b[i]) * g[i * g_stride];
}
/// log_sigmoid: min(x, 0) - log1p(exp(-|x|)), every element through the vector functions.
static inline V NK(v_log_sigmoid)(V x) {
    return v_sub(v_minimum(x, v_zero()), v_sleef_log1p(v_sleef_exp(v_neg(v_abs(x)))));
}
static void NK(log_sigmoid)(const float *x, float *y, int64_t n) { NK_MAP(n, NK(v_log_sigmoid)); }
/// binary_cross_entropy_with_logits without weights: (1 - t)·x - log_sigmoid(x).
static void NK(bce_logits)(const float *x, const float *t, float *y, int64_t n) {
    const V one = v_set1(1.f);
    int64_t i = 0;
    for (; i + VL <= n; i += VL) {
        V xv = v_load(x + i);
        v_store(y + i, v_sub(v_mul(v_sub(one, v_load(t + i)), xv), NK(v_log_sigmoid)(xv)));
    }
    if (i < n) {
        V xv = v_load_partial(x + i, n - i);
        v_store_partial(y + i, v_sub(v_mul(v_sub(one, v_load_partial(t + i, n - i)), xv), NK(v_log_sigmoid)(xv)), n - i);
    }
}
