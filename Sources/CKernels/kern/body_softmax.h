// softmax / log_softmax forward and backward (aten/src/ATen/native/cpu/SoftMaxKernel.cpp).
// Rows along the last dimension: max by vec::reduce_all, exponentials and sums by vec::map /
// reduce_all (vector functions on every element, the last vector partial). Other dimensions:
// vertical passes over `inner` columns at a time, a vector of columns per step.

#ifndef NK_SOFTMAX_EXP
#define NK_SOFTMAX_EXP v_sleef_exp
#endif
#ifndef NK_SOFTMAX_DOT_STEP
#define NK_SOFTMAX_DOT_STEP(acc, a, b) v_add(acc, v_mul(a, b))
#endif
#ifndef NK_SOFTMAX_DOT_TAIL
#define NK_SOFTMAX_DOT_TAIL(acc, a, b) v_fma(a, b, acc)
#endif
#ifndef NK_LOGSOFTMAX_BWD
#define NK_LOGSOFTMAX_BWD(g, o, s) v_fnma(v_sleef_exp(o), s, g)
#endif
static inline V NK(v_exp)(V x) { return NK_SOFTMAX_EXP(x); }

/// exp(x - max) summed: vec::map_reduce_all.
static float NK(map_exp_sum)(const float *x, int64_t n, float max) {
    const V m = v_set1(max);
    if (n < VL) {
        V e = NK(v_exp)(v_sub(v_load_partial(x, n), m));
        float lanes[VL];
        v_store(lanes, e);
        float acc = lanes[0];
        for (int64_t i = 1; i < n; i++) acc = acc + lanes[i];
        return acc;
    }
    int64_t d = VL;
    V acc = NK(v_exp)(v_sub(v_load(x), m));
    for (; d < n - (n % VL); d += VL) acc = v_add(acc, NK(v_exp)(v_sub(v_load(x + d), m)));
    if (n - d > 0) acc = v_set_prefix(acc, v_add(acc, NK(v_exp)(v_sub(v_load_partial(x + d, n - d), m))), n - d);
    V_REDUCE_TREE(acc, v_add);
    return v_lane0(acc);
}

/// sum of a*b: vec::map2_reduce_all. In ATen's serial path GCC fused the product into the sum
/// of the last partial vector (an fma); in the copy it compiled for OpenMP's parallel region it
/// did not (`fused_tail` = 0) — measured: the same rows give different sums at 1 and 2 threads.
static float NK(map_dot_sum)(const float *a, const float *b, int64_t n, int fused_tail) {
    if (n < VL) {
        V p = v_mul(v_load_partial(a, n), v_load_partial(b, n));
        float lanes[VL];
        v_store(lanes, p);
        float acc = lanes[0];
        for (int64_t i = 1; i < n; i++) acc = acc + lanes[i];
        return acc;
    }
    int64_t d = VL;
    V acc = v_mul(v_load(a), v_load(b));
    for (; d < n - (n % VL); d += VL) acc = NK_SOFTMAX_DOT_STEP(acc, v_load(a + d), v_load(b + d));
    if (n - d > 0) {
        V pa = v_load_partial(a + d, n - d), pb = v_load_partial(b + d, n - d);
        acc = v_set_prefix(acc, fused_tail ? NK_SOFTMAX_DOT_TAIL(acc, pa, pb) : NK_SOFTMAX_DOT_STEP(acc, pa, pb), n - d);
    }
    V_REDUCE_TREE(acc, v_add);
    return v_lane0(acc);
}

static void NK(softmax_lastdim)(const float *in, float *out, int64_t rows, int64_t dim) {
    for (int64_t r = 0; r < rows; r++) {
        const float *x = in + r * dim;
        float *y = out + r * dim;
        const V m = v_set1(NK(reduce_all_max)(x, dim));
        int64_t i = 0;
        for (; i + VL <= dim; i += VL) v_store(y + i, NK(v_exp)(v_sub(v_load(x + i), m)));
        if (i < dim) v_store_partial(y + i, NK(v_exp)(v_sub(v_load_partial(x + i, dim - i), m)), dim - i);
        const V inv = v_set1(1.f / NK(reduce_all_add)(y, dim));
        for (i = 0; i + VL <= dim; i += VL) v_store(y + i, v_mul(v_load(y + i), inv));
        if (i < dim) v_store_partial(y + i, v_mul(v_load_partial(y + i, dim - i), inv), dim - i);
    }
}

/// log_softmax rows, `chunk` rows at a time: their maxima, their sums of exp, the logs of
/// those sums as one vec::map over the chunk, then x - max - log(sum).
static void NK(log_softmax_lastdim)(const float *in, float *out, int64_t rows, int64_t dim, int64_t chunk) {
    float maxs[256], sums[256];
    float *max_arr = chunk <= 256 ? maxs : malloc(sizeof(float) * chunk);
    float *sum_arr = chunk <= 256 ? sums : malloc(sizeof(float) * chunk);
    for (int64_t ii = 0; ii < rows; ii += chunk) {
        int64_t loop_end = ii + chunk > rows ? rows - ii : chunk;
        for (int64_t j = 0; j < loop_end; j++) max_arr[j] = NK(reduce_all_max)(in + (ii + j) * dim, dim);
        for (int64_t j = 0; j < loop_end; j++) sum_arr[j] = NK(map_exp_sum)(in + (ii + j) * dim, dim, max_arr[j]);
        {
            const float *x = sum_arr; float *y = sum_arr;
            NK_MAP(loop_end, v_sleef_log);
        }
        for (int64_t j = 0; j < loop_end; j++) {
            const float *x = in + (ii + j) * dim;
            float *y = out + (ii + j) * dim;
            const V m = v_set1(max_arr[j]), s = v_set1(sum_arr[j]);
            int64_t i = 0;
            for (; i + VL <= dim; i += VL) v_store(y + i, v_sub(v_sub(v_load(x + i), m), s));
            if (i < dim) v_store_partial(y + i, v_sub(v_sub(v_load_partial(x + i, dim - i), m), s), dim - i);
        }
    }
    if (max_arr != maxs) free(max_arr);
    if (sum_arr != sums) free(sum_arr);
}

static void NK(softmax_backward_lastdim)(const float *grad, const float *output, float *gin, int64_t rows, int64_t dim, int log, int parallel) {
    for (int64_t r = 0; r < rows; r++) {
        const float *g = grad + r * dim, *o = output + r * dim;
        float *gi = gin + r * dim;
        int64_t i = 0;
        if (log) {
            const V s = v_set1(NK(reduce_all_add)(g, dim));
            for (; i + VL <= dim; i += VL) v_store(gi + i, NK_LOGSOFTMAX_BWD(v_load(g + i), v_load(o + i), s));
            if (i < dim) v_store_partial(gi + i, NK_LOGSOFTMAX_BWD(v_load_partial(g + i, dim - i), v_load_partial(o + i, dim - i), s), dim - i);
        } else {
            const V s = v_set1(NK(map_dot_sum)(g, o, dim, !parallel));
            for (; i + VL <= dim; i += VL) v_store(gi + i, v_mul(v_sub(v_load(g + i), s), v_load(o + i)));
            if (i < dim) v_store_partial(gi + i, v_mul(v_sub(v_load_partial(g + i, dim - i), s), v_load_partial(o + i, dim - i)), dim - i);
        }
    }
}

// ---- softmax / log_softmax along a dimension that is not the last: [outer, dim, inner] ----

/// _vec_softmax: positions (outer, inner) in thread chunks [begin, end); a vector of VL inner
/// positions at a time while VL fit in both the row and the chunk, one at a time otherwise
/// (glibc exp, division by the sum).
static void NK(softmax_dim_chunk)(const float *in, float *out, int64_t inner, int64_t dim, int64_t begin, int64_t end) {
    const int64_t outer_stride = dim * inner;
    int64_t idx = begin;
    while (idx < end) {
        int64_t o = idx / inner, i = idx % inner;
        if (i + VL <= inner && idx + VL <= end) {
            const float *x = in + o * outer_stride + i;
            float *y = out + o * outer_stride + i;
            V m = v_load(x);
            for (int64_t d = 1; d < dim; d++) m = v_maximum(m, v_load(x + d * inner));
            V s = v_zero();
            for (int64_t d = 0; d < dim; d++) {
                V e = NK(v_exp)(v_sub(v_load(x + d * inner), m));
                v_store(y + d * inner, e);
                s = v_add(s, e);
            }
            for (int64_t d = 0; d < dim; d++) v_store(y + d * inner, v_div(v_load(y + d * inner), s));
            idx += VL;
        } else {
            int64_t tail = idx + VL > end ? end - idx : inner - i;
            for (int64_t t = 0; t < tail; t++) {
                int64_t oo = (idx + t) / inner, ii = (idx + t) % inner;
                const float *x = in + oo * outer_stride + ii;
                float *y = out + oo * outer_stride + ii;
                float m = x[0];
                for (int64_t d = 1; d < dim; d++) { float v = x[d * inner]; m = m < v ? v : m; }   // std::max
                float s = 0;
                for (int64_t d = 0; d < dim; d++) { y[d * inner] = expf(x[d * inner] - m); s += y[d * inner]; }
                for (int64_t d = 0; d < dim; d++) y[d * inner] = y[d * inner] / s;
            }
            idx += tail;
        }
    }
}

/// _vec_logsoftmax: for each outer index, the inner positions in chunks of CHUNK_SIZE columns:
/// running max (x > max ? x : max), sum of exp (vector for whole vectors, glibc on the rest),
/// a vector log over the chunk, then x - max - log(sum).
static void NK(log_softmax_dim)(const float *in, float *out, int64_t outer, int64_t inner, int64_t dim) {
    int64_t chunk = 128 * 1024 / dim / (int64_t)sizeof(float);
    if (chunk < VL) chunk = VL;
    chunk = chunk / VL * VL;
    const int64_t num_chunks = nk_divup(inner, chunk);
    float *maxs = malloc(sizeof(float) * (size_t)chunk), *sums = malloc(sizeof(float) * (size_t)chunk);
    for (int64_t it = 0; it < outer * num_chunks; it++) {
        const int64_t o = it / num_chunks, k = it % num_chunks, begin = k * chunk;
        const int64_t size = chunk < inner - begin ? chunk : inner - begin;
        const int64_t vend = size - (size % VL);
        for (int64_t d = 0; d < size; d++) { maxs[d] = -INFINITY; sums[d] = 0; }
        for (int64_t di = 0; di < dim; di++) {
            const float *x = in + o * dim * inner + di * inner + begin;
            int64_t d = 0;
            for (; d < vend; d += VL) { V xv = v_load(x + d), mv = v_load(maxs + d); v_store(maxs + d, v_blend(mv, xv, v_gt(xv, mv))); }
            for (; d < size; d++) maxs[d] = x[d] > maxs[d] ? x[d] : maxs[d];
        }
        for (int64_t di = 0; di < dim; di++) {
            const float *x = in + o * dim * inner + di * inner + begin;
            int64_t d = 0;
            for (; d < vend; d += VL) v_store(sums + d, v_add(v_load(sums + d), NK(v_exp)(v_sub(v_load(x + d), v_load(maxs + d)))));
            for (; d < size; d++) sums[d] += expf(x[d] - maxs[d]);
        }
        { const float *x = sums; float *y = sums; NK_MAP(size, v_sleef_log); }
        for (int64_t di = 0; di < dim; di++) {
            const float *x = in + o * dim * inner + di * inner + begin;
            float *y = out + o * dim * inner + di * inner + begin;
            int64_t d = 0;
            for (; d < vend; d += VL) v_store(y + d, v_sub(v_sub(v_load(x + d), v_load(maxs + d)), v_load(sums + d)));
            for (; d < size; d++) y[d] = x[d] - maxs[d] - sums[d];
        }
    }
    free(maxs); free(sums);
}

#ifndef NK_SMB_DIM_STEP
#define NK_SMB_DIM_STEP(acc, g, o) v_fma(g, o, acc)
#endif
#ifndef NK_SMB_DIM_TAIL
#define NK_SMB_DIM_TAIL(acc, g, o) fmaf(g, o, acc)
#endif
#ifndef NK_LSMB_DIM_V
#define NK_LSMB_DIM_V(g, o, s) v_fnma(NK(v_exp)(o), s, g)
#endif
#ifndef NK_LSMB_DIM_S
#define NK_LSMB_DIM_S(g, o, s) fmaf(-expf(o), s, g)
#endif
/// Backward of softmax (log = 0) or log_softmax (log = 1) along a non-last dimension: per
/// chunk of inner positions, the sum over dim of grad·y (or of grad), then the gradient.
static void NK(softmax_backward_dim)(const float *grad, const float *y, float *gin, int64_t outer, int64_t inner, int64_t dim, int log) {
    int64_t chunk = 128 * 1024 / dim / (int64_t)sizeof(float);
    if (chunk < VL) chunk = VL;
    chunk = chunk / VL * VL;
    const int64_t num_chunks = nk_divup(inner, chunk);
    float *sums = malloc(sizeof(float) * (size_t)chunk);
    for (int64_t it = 0; it < outer * num_chunks; it++) {
        const int64_t o = it / num_chunks, k = it % num_chunks, begin = k * chunk;
        const int64_t size = chunk < inner - begin ? chunk : inner - begin;
        const int64_t vend = size - (size % VL);
        for (int64_t d = 0; d < size; d++) sums[d] = 0;
        for (int64_t di = 0; di < dim; di++) {
            const int64_t off = o * dim * inner + di * inner + begin;
            const float *g = grad + off, *yy = y + off;
            int64_t d = 0;
            if (log) {
                for (; d < vend; d += VL) v_store(sums + d, v_add(v_load(sums + d), v_load(g + d)));
                for (; d < size; d++) sums[d] += g[d];
            } else {
                for (; d < vend; d += VL) v_store(sums + d, NK_SMB_DIM_STEP(v_load(sums + d), v_load(g + d), v_load(yy + d)));
                for (; d < size; d++) sums[d] = NK_SMB_DIM_TAIL(sums[d], g[d], yy[d]);
            }
        }
        for (int64_t di = 0; di < dim; di++) {
            const int64_t off = o * dim * inner + di * inner + begin;
            const float *g = grad + off, *yy = y + off;
            float *gi = gin + off;
            int64_t d = 0;
            if (log) {
                for (; d < vend; d += VL) v_store(gi + d, NK_LSMB_DIM_V(v_load(g + d), v_load(yy + d), v_load(sums + d)));
                for (; d < size; d++) gi[d] = NK_LSMB_DIM_S(g[d], yy[d], sums[d]);
            } else {
                for (; d < vend; d += VL) v_store(gi + d, v_mul(v_load(yy + d), v_sub(v_load(g + d), v_load(sums + d))));
                for (; d < size; d++) gi[d] = yy[d] * (g[d] - sums[d]);
            }
        }
    }
    free(sums);
}
