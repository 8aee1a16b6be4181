// The 2-norm of a contiguous run (ReduceOpsKernel.cpp, norm's vectorized last-dim path): one
// vector of squares accumulated (no fma: PyTorch's build keeps the multiply and the add apart
// here), its lanes summed in order, the squares of the scalar tail added, then a correctly
// rounded square root.
#ifndef NK_NORM_STEP
#define NK_NORM_STEP(acc, x) v_add(acc, v_mul(x, x))
#endif
#ifndef NK_NORM_TAIL
#define NK_NORM_TAIL(acc, x) ((acc) + (x) * (x))
#endif
static float NK(norm2)(const float *x, int64_t n) {
    V acc = v_zero();
    int64_t d = 0;
    for (; d < n - (n % VL); d += VL) { V v = v_load(x + d); acc = NK_NORM_STEP(acc, v); }
    float lanes[VL];
    v_store(lanes, acc);
    float s = lanes[0];
    for (int j = 1; j < VL; j++) s = s + lanes[j];
    for (; d < n; d++) s = NK_NORM_TAIL(s, x[d]);
    return sqrtf(s);
}
