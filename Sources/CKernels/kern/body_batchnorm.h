// Batch norm's per-element passes (aten/src/ATen/native/cpu/batch_norm_kernel.cpp). Statistics
// and per-channel terms are computed by batchnorm.c; these are the loops ATen vectorizes.

#ifndef NK_BN_AFFINE
#define NK_BN_AFFINE(x, a, b) v_fma(x, a, b)
#endif
/// out = x·alpha + beta over one channel plane of `size` elements (contiguous layout).
static void NK(bn_affine_plane)(const float *x, float alpha, float beta, float *out, int64_t size) {
    const V a = v_set1(alpha), b = v_set1(beta);
    int64_t d = 0;
    for (; d < size - (size % VL); d += VL) v_store(out + d, NK_BN_AFFINE(v_load(x + d), a, b));
    if (size - d > 0) v_store_partial(out + d, NK_BN_AFFINE(v_load_partial(x + d, size - d), a, b), size - d);
}
/// out[c] = x[c]·alpha[c] + beta[c] over one row of `channels` (channels-last layout).
static void NK(bn_affine_row)(const float *x, const float *alpha, const float *beta, float *out, int64_t channels) {
    int64_t d = 0;
    for (; d < channels - (channels % VL); d += VL) v_store(out + d, NK_BN_AFFINE(v_load(x + d), v_load(alpha + d), v_load(beta + d)));
    if (channels - d > 0) {
        int64_t r = channels - d;
        v_store_partial(out + d, NK_BN_AFFINE(v_load_partial(x + d, r), v_load_partial(alpha + d, r), v_load_partial(beta + d, r)), r);
    }
}

#ifndef NK_BN_VAR_STEP
#define NK_BN_VAR_STEP(acc, x, m) v_fma(v_sub(x, m), v_sub(x, m), acc)
#endif
/// Channels-last statistics: acc[c] += x[c] (mode 0) or acc[c] += (x[c] - mean[c])² (mode 1).
static void NK(bn_accumulate_row)(float *acc, const float *x, const float *mean, int64_t channels, int mode) {
    int64_t d = 0;
    for (; d < channels - (channels % VL); d += VL) {
        V a = v_load(acc + d), xv = v_load(x + d);
        v_store(acc + d, mode == 0 ? v_add(a, xv) : NK_BN_VAR_STEP(a, xv, v_load(mean + d)));
    }
    if (channels - d > 0) {
        int64_t r = channels - d;
        V a = v_load_partial(acc + d, r), xv = v_load_partial(x + d, r);
        v_store_partial(acc + d, mode == 0 ? v_add(a, xv) : NK_BN_VAR_STEP(a, xv, v_load_partial(mean + d, r)), r);
    }
}

#ifndef NK_BN_DOT_STEP
#define NK_BN_DOT_STEP(acc, x, m, dy) v_add(acc, v_mul(v_sub(x, m), dy))
#endif
#ifndef NK_BN_DOT_TAIL
#define NK_BN_DOT_TAIL(acc, x, m, dy) v_fma(v_sub(x, m), dy, acc)
#endif
/// sum((x - mean)·dy) over a plane: vec::map2_reduce_all.
static float NK(bn_dot_plane)(const float *x, const float *dy, float mean, int64_t n) {
    const V m = v_set1(mean);
    if (n < VL) {
        V p = v_mul(v_sub(v_load_partial(x, n), m), v_load_partial(dy, n));
        float lanes[VL];
        v_store(lanes, p);
        float acc = lanes[0];
        for (int64_t i = 1; i < n; i++) acc = acc + lanes[i];
        return acc;
    }
    int64_t d = VL;
    V acc = v_mul(v_sub(v_load(x), m), v_load(dy));
    for (; d < n - (n % VL); d += VL) acc = NK_BN_DOT_STEP(acc, v_load(x + d), m, v_load(dy + d));
    if (n - d > 0) acc = v_set_prefix(acc, NK_BN_DOT_TAIL(acc, v_load_partial(x + d, n - d), m, v_load_partial(dy + d, n - d)), n - d);
    V_REDUCE_TREE(acc, v_add);
    return v_lane0(acc);
}

#ifndef NK_BN_DX
#define NK_BN_DX(x, m, k, dy, gm, invstd, w) v_mul(v_mul(v_fnma(v_sub(x, m), k, v_sub(dy, gm)), invstd), w)
#endif
/// dx = (dy - grad_mean - (x - mean)·k)·invstd·w over a plane (vec::map2).
static void NK(bn_dx_plane)(const float *x, const float *dy, float *dx, float mean, float k, float grad_mean, float invstd, float w, int64_t n) {
    const V m = v_set1(mean), kv = v_set1(k), gm = v_set1(grad_mean), is = v_set1(invstd), wv = v_set1(w);
    int64_t d = 0;
    for (; d + VL <= n; d += VL) v_store(dx + d, NK_BN_DX(v_load(x + d), m, kv, v_load(dy + d), gm, is, wv));
    if (d < n) v_store_partial(dx + d, NK_BN_DX(v_load_partial(x + d, n - d), m, kv, v_load_partial(dy + d, n - d), gm, is, wv), n - d);
}

#ifndef NK_BN_CL_DOT
#define NK_BN_CL_DOT(acc, x, m, dy) v_fma(v_sub(x, m), dy, acc)
#endif
/// Channels-last backward partials: sum[c] += dy[c]; dotp[c] += (x[c] - mean[c])·dy[c].
static void NK(bn_backward_accumulate_row)(float *sum, float *dotp, const float *x, const float *mean, const float *dy, int64_t channels) {
    int64_t d = 0;
    for (; d < channels - (channels % VL); d += VL) {
        v_store(sum + d, v_add(v_load(sum + d), v_load(dy + d)));
        v_store(dotp + d, NK_BN_CL_DOT(v_load(dotp + d), v_load(x + d), v_load(mean + d), v_load(dy + d)));
    }
    if (channels - d > 0) {
        int64_t r = channels - d;
        v_store_partial(sum + d, v_add(v_load_partial(sum + d, r), v_load_partial(dy + d, r)), r);
        v_store_partial(dotp + d, NK_BN_CL_DOT(v_load_partial(dotp + d, r), v_load_partial(x + d, r), v_load_partial(mean + d, r), v_load_partial(dy + d, r)), r);
    }
}
/// Channels-last dx for one row.
#ifndef NK_BN_DX_TAIL
#define NK_BN_DX_TAIL(x, m, k, dy, gm, invstd, w) v_mul(v_mul(v_sub(v_sub(dy, gm), v_mul(v_sub(x, m), k)), invstd), w)
#endif
/// Channels-last dx for one row: full vectors fuse (x - mean)·k into the subtraction, the last
/// partial vector does not (as GCC compiled ATen's two copies of the formula).
static void NK(bn_dx_row)(const float *x, const float *dy, float *dx, const float *mean, const float *dotp, const float *sum,
                          const float *invstd, const float *w, float n_float, int64_t channels) {
    const V nv = v_set1(n_float);
    int64_t d = 0;
    for (; d < channels; d += VL) {
        int64_t r = channels - d < VL ? channels - d : VL;
        V is = v_load_partial(invstd + d, r);
        V k = v_div(v_mul(v_mul(v_load_partial(dotp + d, r), is), is), nv);
        V gm = v_div(v_load_partial(sum + d, r), nv);
        V xv = v_load_partial(x + d, r), mv = v_load_partial(mean + d, r), dyv = v_load_partial(dy + d, r), wv = v_load_partial(w + d, r);
        V out = r == VL ? NK_BN_DX(xv, mv, k, dyv, gm, is, wv) : NK_BN_DX_TAIL(xv, mv, k, dyv, gm, is, wv);
        v_store_partial(dx + d, out, r);
    }
}
