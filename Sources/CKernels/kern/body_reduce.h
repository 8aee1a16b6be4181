// Sums in ATen's order: the cascade sum over floats (body_cascade.h), then reduce_all.
#define NK_S float
#include "body_cascade.h"
#undef NK_S

/// ATen's vec::reduce_all(op, data, n) for + and for NaN-propagating maximum: a running vector
/// (the partial last vector only updates its first lanes), then the horizontal tree.
static float NK(reduce_all_add)(const float *data, int64_t n) {
    if (n < VL) {
        float acc = data[0];
        for (int64_t i = 1; i < n; i++) acc = acc + data[i];
        return acc;
    }
    int64_t d = VL;
    V acc = v_load(data);
    for (; d < n - (n % VL); d += VL) acc = v_add(acc, v_load(data + d));
    if (n - d > 0) acc = v_set_prefix(acc, v_add(acc, v_load_partial(data + d, n - d)), n - d);
    V_REDUCE_TREE(acc, v_add);
    return v_lane0(acc);
}

static float NK(reduce_all_max)(const float *data, int64_t n) {
    if (n < VL) {
        // vec_reduce_all over a partial vector: lane 0 folded with lanes 1..n-1 in order.
        V acc = v_load_partial(data, n);
        float lanes[VL];
        for (int64_t i = 1; i < n; i++) {
            V next = v_load_partial(data + i, 1);
            acc = v_maximum(acc, next);
        }
        v_store(lanes, acc);
        return lanes[0];
    }
    int64_t d = VL;
    V acc = v_load(data);
    for (; d < n - (n % VL); d += VL) acc = v_maximum(acc, v_load(data + d));
    if (n - d > 0) acc = v_set_prefix(acc, v_maximum(acc, v_load_partial(data + d, n - d)), n - d);
    V_REDUCE_TREE(acc, v_maximum);
    return v_lane0(acc);
}
