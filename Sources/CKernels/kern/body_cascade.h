// ATen's cascade sum (aten/src/ATen/native/cpu/SumKernel.cpp) over numbers of type NK_S in
// vectors V of VL lanes: included by body_reduce.h for float (once per instruction set) and by
// reduce_f64.c for double (Vectorized<double>: 4 lanes in ATen's AVX2 build). Every sum is
// split into interleaved partial sums, each a cascade of levels, so that only numbers of similar
// size are added; the exact grouping decides the last bit of the result.

/// multi_row_sum over vectors: `nrows` interleaved vector sums of `size` rows, row i of stream k
/// at in + i*row_stride + k*col_stride (in elements). Four cascade levels of 2^level_power rows.
static void NK(msum_v)(const NK_S *in, int64_t row_stride, int64_t col_stride, int64_t size, int nrows, V out[4]) {
    const int64_t level_power = nk_ceil_log2(size) / 4 > 4 ? nk_ceil_log2(size) / 4 : 4;
    const int64_t level_step = (int64_t)1 << level_power;
    const int64_t level_mask = level_step - 1;
    V acc[4][4];
    for (int j = 0; j < 4; j++) for (int k = 0; k < 4; k++) acc[j][k] = v_zero();
    int64_t i = 0;
    while (i + level_step <= size) {
        for (int64_t j = 0; j < level_step; ++j, ++i) {
            const NK_S *base = in + i * row_stride;
            for (int k = 0; k < nrows; k++) acc[0][k] = v_add(acc[0][k], v_load(base + k * col_stride));
        }
        for (int j = 1; j < 4; ++j) {
            for (int k = 0; k < nrows; k++) { acc[j][k] = v_add(acc[j][k], acc[j - 1][k]); acc[j - 1][k] = v_zero(); }
            if ((i & (level_mask << (j * level_power))) != 0) break;
        }
    }
    for (; i < size; ++i) {
        const NK_S *base = in + i * row_stride;
        for (int k = 0; k < nrows; k++) acc[0][k] = v_add(acc[0][k], v_load(base + k * col_stride));
    }
    for (int j = 1; j < 4; ++j)
        for (int k = 0; k < nrows; k++) acc[0][k] = v_add(acc[0][k], acc[j][k]);
    for (int k = 0; k < nrows; k++) out[k] = acc[0][k];
}

/// multi_row_sum over single numbers.
static void NK(msum_s)(const NK_S *in, int64_t row_stride, int64_t col_stride, int64_t size, int nrows, NK_S out[4]) {
    const int64_t level_power = nk_ceil_log2(size) / 4 > 4 ? nk_ceil_log2(size) / 4 : 4;
    const int64_t level_step = (int64_t)1 << level_power;
    const int64_t level_mask = level_step - 1;
    NK_S acc[4][4] = {{0}};
    int64_t i = 0;
    while (i + level_step <= size) {
        for (int64_t j = 0; j < level_step; ++j, ++i) {
            const NK_S *base = in + i * row_stride;
            for (int k = 0; k < nrows; k++) acc[0][k] += base[k * col_stride];
        }
        for (int j = 1; j < 4; ++j) {
            for (int k = 0; k < nrows; k++) { acc[j][k] += acc[j - 1][k]; acc[j - 1][k] = 0; }
            if ((i & (level_mask << (j * level_power))) != 0) break;
        }
    }
    for (; i < size; ++i) {
        const NK_S *base = in + i * row_stride;
        for (int k = 0; k < nrows; k++) acc[0][k] += base[k * col_stride];
    }
    for (int j = 1; j < 4; ++j)
        for (int k = 0; k < nrows; k++) acc[0][k] += acc[j][k];
    for (int k = 0; k < nrows; k++) out[k] = acc[0][k];
}

/// row_sum over vectors: the rows split into 4 interleaved streams, leftovers into stream 0,
/// then streams 1, 2, 3 added to stream 0.
static V NK(row_sum_v)(const NK_S *in, int64_t stride, int64_t size) {
    V partial[4];
    const int64_t size_ilp = size / 4;
    NK(msum_v)(in, stride * 4, stride, size_ilp, 4, partial);
    for (int64_t i = size_ilp * 4; i < size; ++i) partial[0] = v_add(partial[0], v_load(in + i * stride));
    for (int k = 1; k < 4; ++k) partial[0] = v_add(partial[0], partial[k]);
    return partial[0];
}

static NK_S NK(row_sum_s)(const NK_S *in, int64_t stride, int64_t size) {
    NK_S partial[4];
    const int64_t size_ilp = size / 4;
    NK(msum_s)(in, stride * 4, stride, size_ilp, 4, partial);
    for (int64_t i = size_ilp * 4; i < size; ++i) partial[0] += in[i * stride];
    for (int k = 1; k < 4; ++k) partial[0] += partial[k];
    return partial[0];
}

/// The sum of n contiguous numbers (vectorized_inner_sum, or the scalar row sum below one vector).
static NK_S NK(inner_sum)(const NK_S *in, int64_t n) {
    if (n < VL) return NK(row_sum_s)(in, 1, n);
    const int64_t vec_size = n / VL;
    V acc = NK(row_sum_v)(in, VL, vec_size);
    NK_S final_acc = 0;
    for (int64_t k = vec_size * VL; k < n; ++k) final_acc += in[k];
    NK_S lanes[VL];
    v_store(lanes, acc);
    for (int k = 0; k < VL; ++k) final_acc += lanes[k];
    return final_acc;
}

/// Column sums of a [rows x cols] block with row stride `ld`, contiguous columns, added into
/// out[j * out_stride] (vectorized_outer_sum: 4 vectors of columns at a time, then single
/// vectors, then single columns; scalar_outer_sum below one vector of columns).
static void NK(outer_sum)(const NK_S *in, int64_t rows, int64_t cols, int64_t ld, NK_S *out, int64_t out_stride) {
    int64_t j = 0;
    if (cols >= VL) {
        for (; j + 4 * VL <= cols; j += 4 * VL) {
            V sums[4];
            NK(msum_v)(in + j, ld, VL, rows, 4, sums);
            for (int i = 0; i < 4; i++) {
                NK_S lanes[VL];
                v_store(lanes, sums[i]);
                for (int l = 0; l < VL; l++) out[(j + i * VL + l) * out_stride] += lanes[l];
            }
        }
        for (; j + VL <= cols; j += VL) {
            V s = NK(row_sum_v)(in + j, ld, rows);
            NK_S lanes[VL];
            v_store(lanes, s);
            for (int l = 0; l < VL; l++) out[(j + l) * out_stride] += lanes[l];
        }
    } else {
        for (; j + 3 < cols; j += 4) {
            NK_S sums[4];
            NK(msum_s)(in + j, ld, 1, rows, 4, sums);
            for (int l = 0; l < 4; l++) out[(j + l) * out_stride] += sums[l];
        }
    }
    for (; j < cols; ++j) out[j * out_stride] += NK(row_sum_s)(in + j, ld, rows);
}

