// Backward formulas of activations (aten/src/ATen/native/cpu/BinaryOpsKernel.cpp). GCC, which
// builds PyTorch, fuses a multiply feeding an add into one fma in ATen's AVX2/AVX512 builds;
// where it does, we write the fma.

#ifndef NK_TANH_BWD_V
#define NK_TANH_BWD_V(a, b) v_mul(a, v_fnma(b, b, v_set1(1.f)))
#endif
#ifndef NK_TANH_BWD_S
#define NK_TANH_BWD_S(a, b) ((a) * fmaf(-(b), (b), 1.f))
#endif
/// grad * (1 - y²)
static void NK(tanh_backward)(const float *g, const float *y, float *out, int64_t n) {
    NK_VECTORIZED_LOOP(n, v_store(out + i, NK_TANH_BWD_V(v_load(g + i), v_load(y + i))), out[i] = NK_TANH_BWD_S(g[i], y[i]));
}

/// grad * (1 - y) * y
static void NK(sigmoid_backward)(const float *g, const float *y, float *out, int64_t n) {
    const V one = v_set1(1.f);
    NK_VECTORIZED_LOOP(n, v_store(out + i, v_mul(v_mul(v_load(g + i), v_sub(one, v_load(y + i))), v_load(y + i))),
                       out[i] = g[i] * (1.f - y[i]) * y[i]);
}
