// Single-core float32 FMA peak, for the wide-convolution figure: as many independent vector
// FMA chains as hide the FMA latency on every pipe, on the widest vectors the CPU has
// (chosen at run time). Prints "RESULT gflops=... isa=...". Built by scripts/bench/run.
#include <immintrin.h>
#include <stdio.h>
#include <time.h>

#define CHAINS 16

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

__attribute__((target("avx512f"))) static float run512(long iters) {
    __m512 acc[CHAINS];
    const __m512 m = _mm512_set1_ps(0.999999f), a = _mm512_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_set1_ps((float)i);
    for (long k = 0; k < iters; k++) {
        // Unrolled so the chains stay in registers.
#pragma GCC unroll 16
        for (int i = 0; i < CHAINS; i++) acc[i] = _mm512_fmadd_ps(acc[i], m, a);
    }
    __m512 s = acc[0];
    for (int i = 1; i < CHAINS; i++) s = _mm512_add_ps(s, acc[i]);
    return _mm512_reduce_add_ps(s);
}

__attribute__((target("avx2,fma"))) static float run256(long iters) {
    __m256 acc[CHAINS];
    const __m256 m = _mm256_set1_ps(0.999999f), a = _mm256_set1_ps(1e-7f);
    for (int i = 0; i < CHAINS; i++) acc[i] = _mm256_set1_ps((float)i);
    for (long k = 0; k < iters; k++) {
#pragma GCC unroll 16
        for (int i = 0; i < CHAINS; i++) acc[i] = _mm256_fmadd_ps(acc[i], m, a);
    }
    __m256 s = acc[0];
    for (int i = 1; i < CHAINS; i++) s = _mm256_add_ps(s, acc[i]);
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0] + out[7];
}

int main(void) {
    int wide = __builtin_cpu_supports("avx512f");
    int lanes = wide ? 16 : 8;
    long iters = 20 * 1000 * 1000;
    double best = 0;
    float sink = 0;
    for (int rep = 0; rep < 5; rep++) {
        double t0 = now();
        sink += wide ? run512(iters) : run256(iters);
        double t = now() - t0;
        double gflops = 2.0 * CHAINS * lanes * (double)iters / t / 1e9;
        if (gflops > best) best = gflops;
    }
    printf("RESULT gflops=%.2f isa=%s sink=%g\n", best, wide ? "avx512" : "avx2", (double)sink);
    return 0;
}
