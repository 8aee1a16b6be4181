// ATen's sum over a tensor of RT (float or double), as TensorIterator runs cascade_sum: how it
// orders, merges and splits the dimensions of a reduction (TensorIterator.cpp
// reorder_dimensions / coalesce_dimensions, TensorIteratorReduce.cpp), then the 2-D loops of
// SumKernel.cpp. Included by reduce.c (float) and reduce_f64.c (double), which define RT, RI(name)
// (the instance's names), R_VL (ATen's vector width for RT) and the cascade functions
// R_INNER_SUM, R_OUTER_SUM, R_ROW_SUM_S and R_MSUM_S.

RT RI(nk_sum)(const RT *x, int64_t n, int threads) {
    int64_t chunk;
    int64_t count = nk_split(n, NK_GRAIN, threads, &chunk);
    if (count <= 1) return (RT)0 + R_INNER_SUM(x, n);
    // two_pass_reduction: one partial sum per thread (unused threads keep 0), then the
    // partials summed as a tensor of get_num_threads() elements.
    RT *buffer = calloc((size_t)threads, sizeof(RT));
    for (int64_t c = 0; c < count; c++) {
        int64_t begin = c * chunk, len = begin + chunk < n ? chunk : n - begin;
        buffer[c] = (RT)0 + R_INNER_SUM(x + begin, len);
    }
    RT r = (RT)0 + R_INNER_SUM(buffer, threads);
    free(buffer);
    return r;
}

#ifndef NK_REDUCE_ITER
#define NK_REDUCE_ITER
#define MAXD 16
struct iter {
    int nd;
    int64_t shape[MAXD], in[MAXD], out[MAXD];   // element strides; dim 0 is the innermost
};
#endif

/// cascade_sum's loop over one 2-D piece: out += sums of the in-piece, by the branch ATen takes.
static void RI(loop2d)(RT *out, const RT *in, int64_t s_in0, int64_t s_in1, int64_t s_out0, int64_t s_out1,
                   int64_t size0, int64_t size1) {
    if (s_out0 != 0 && s_out1 == 0) {   // move the reduction to the first dimension
        int64_t t;
        t = s_in0; s_in0 = s_in1; s_in1 = t;
        t = s_out0; s_out0 = s_out1; s_out1 = t;
        t = size0; size0 = size1; size1 = t;
    }
    if (s_out0 != 0 && s_out1 != 0) {   // not a reduction: out += in elementwise
        for (int64_t j = 0; j < size1; j++)
            for (int64_t i = 0; i < size0; i++) out[i * s_out0 + j * s_out1] += in[i * s_in0 + j * s_in1];
        return;
    }
    const int64_t out_stride = s_out1;
    if (s_in0 == 1 && size0 >= R_VL) {
        for (int64_t j = 0; j < size1; j++) out[j * out_stride] += R_INNER_SUM(in + j * s_in1, size0);
    } else if (s_in1 == 1 && size1 >= R_VL) {
        R_OUTER_SUM(in, size0, size1, s_in0, out, out_stride);
    } else if (s_in0 < s_in1) {
        for (int64_t j = 0; j < size1; j++) out[j * out_stride] += R_ROW_SUM_S(in + j * s_in1, s_in0, size0);
    } else {
        int64_t j = 0;
        for (; j + 3 < size1; j += 4) {
            RT sums[4];
            R_MSUM_S(in + j * s_in1, s_in0, s_in1, size0, 4, sums);
            for (int k = 0; k < 4; k++) out[(j + k) * out_stride] += sums[k];
        }
        for (; j < size1; j++) out[j * out_stride] += R_ROW_SUM_S(in + j * s_in1, s_in0, size0);
    }
}

/// serial_for_each over the flattened range [begin, end) of the iteration space: 2-D pieces
/// (the first and last can be partial rows) handed to loop2d.
static void RI(serial_for_each)(const struct iter *it, RT *out, const RT *in, int64_t begin, int64_t end) {
    int64_t values[MAXD] = {0};
    int64_t rem = begin;
    for (int d = 0; d < it->nd; d++) { values[d] = rem % it->shape[d]; rem /= it->shape[d]; }
    int64_t offset = begin;
    const int64_t size0 = it->nd > 0 ? it->shape[0] : 1;
    const int64_t size1 = it->nd > 1 ? it->shape[1] : 1;
    while (offset < end) {
        int64_t step0 = size0 - values[0] < end - offset ? size0 - values[0] : end - offset;
        int64_t step1 = 1;
        if (step0 == size0 && it->nd > 1) {
            int64_t rows = (end - offset) / size0;
            step1 = size1 - values[1] < rows ? size1 - values[1] : rows;
        }
        int64_t oi = 0, ii = 0;
        for (int d = 0; d < it->nd; d++) { oi += values[d] * it->out[d]; ii += values[d] * it->in[d]; }
        RI(loop2d)(out + oi, in + ii, it->in[0], it->nd > 1 ? it->in[1] : 0, it->out[0], it->nd > 1 ? it->out[1] : 0, step0, step1);
        offset += step0 * step1;
        // DimCounter::increment
        int i = 0;
        int64_t overflow = step0;
        if (step1 != 1) { i = 1; overflow = step1; }
        for (; i < it->nd && overflow > 0; i++) {
            int64_t value = values[i] + overflow;
            if (value >= it->shape[i]) { overflow = 1; value -= it->shape[i]; } else { overflow = 0; }
            values[i] = value;
        }
    }
}

/// Sum of a strided float32 tensor over the dims whose out_strides are 0, into `out` (zeroed
/// by the caller; out_strides are element strides of the output for each input dim).
void RI(nk_sum_strided)(const RT *x, int ndim, const int64_t *shape, const int64_t *strides, const int64_t *out_strides,
                        RT *out, int threads) {
    struct iter it = {0};
    int64_t numel = 1;
    // TensorIterator's permutation: starts from the last dim; insertion sort with its comparator
    // (the output first: reduced dims go innermost; then the input's strides, ties by size).
    int perm[MAXD], n = 0;
    for (int d = ndim - 1; d >= 0; d--) { numel *= shape[d]; if (shape[d] != 1) perm[n++] = d; }
    if (numel == 0) return;
    for (int i = 1; i < n; i++) {
        int d1 = i;
        for (int d0 = i - 1; d0 >= 0; d0--) {
            int a = perm[d0], b = perm[d1], cmp = 0;
            if ((out_strides[a] == 0) != (out_strides[b] == 0)) cmp = out_strides[b] == 0 ? 1 : -1;
            else if (out_strides[a] != 0 && out_strides[b] != 0 && out_strides[a] != out_strides[b]) cmp = out_strides[a] < out_strides[b] ? -1 : 1;
            else if (out_strides[a] != 0 && out_strides[b] != 0 && shape[a] > shape[b]) cmp = 1;
            if (cmp == 0) {
                if (strides[a] == 0 || strides[b] == 0) cmp = 0;
                else if (strides[a] < strides[b]) cmp = -1;
                else if (strides[a] > strides[b]) cmp = 1;
                else if (shape[a] > shape[b]) cmp = 1;
            }
            if (cmp > 0) { int t = perm[d0]; perm[d0] = perm[d1]; perm[d1] = t; d1 = d0; }
            else if (cmp < 0) break;
        }
    }
    // coalesce adjacent dims whose strides continue each other for both operands
    for (int i = 0; i < n; i++) {
        int d = perm[i];
        if (it.nd > 0) {
            int p = it.nd - 1;
            if (it.in[p] * it.shape[p] == strides[d] && it.out[p] * it.shape[p] == out_strides[d]) {
                it.shape[p] *= shape[d];
                continue;
            }
        }
        it.shape[it.nd] = shape[d]; it.in[it.nd] = strides[d]; it.out[it.nd] = out_strides[d]; it.nd++;
    }
    if (it.nd == 0) { it.nd = 1; it.shape[0] = 1; it.in[0] = 0; it.out[0] = 0; }
    int64_t out_numel = 1;
    for (int d = 0; d < it.nd; d++) if (it.out[d] != 0) out_numel *= it.shape[d];
    if (threads <= 1 || numel < NK_GRAIN) { RI(serial_for_each)(&it, out, x, 0, numel); return; }
    if (out_numel == 1) {
        // two_pass_reduction
        RT *buffer = calloc((size_t)threads, sizeof(RT));
        int64_t chunk;
        int64_t count = nk_split(numel, NK_GRAIN, threads, &chunk);
        for (int64_t c = 0; c < count; c++) {
            int64_t b = c * chunk, e = b + chunk < numel ? b + chunk : numel;
            RI(serial_for_each)(&it, buffer + c, x, b, e);
        }
        RT total = (RT)0 + R_INNER_SUM(buffer, threads);
        out[0] += total;
        free(buffer);
        return;
    }
    // parallel_dim_reduction: split the largest non-reduced dim (from the outermost) between
    // threads, at multiples of 32 columns when they are adjacent in memory.
    int best = it.nd - 1;
    int64_t best_size = it.shape[best];
    for (int d = it.nd - 2; d >= 0; d--) if (it.out[d] != 0 && it.shape[d] > best_size) { best = d; best_size = it.shape[d]; }
    const int64_t cols = it.shape[best];
    const int round = it.in[best] == 1;
    int64_t chunk;
    int64_t count = nk_split(cols, 1, threads, &chunk);
    for (int64_t c = 0; c < count; c++) {
        int64_t b = c * chunk, e = b + chunk < cols ? b + chunk : cols;
        if (round) { b -= b % 32; if (e != cols) e -= e % 32; }
        if (b >= e) continue;
        struct iter sub = it;
        sub.shape[best] = e - b;
        int64_t sub_numel = 1;
        for (int d = 0; d < sub.nd; d++) sub_numel *= sub.shape[d];
        RI(serial_for_each)(&sub, out + b * it.out[best], x + b * it.in[best], 0, sub_numel);
    }
}

