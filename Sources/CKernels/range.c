// torch.linspace and torch.arange for float32 as ATen's RangeFactoriesKernel.cpp computes them.
#include <math.h>
#include "common.h"

#define RANGE_LANES 8

/// linspace: element i < steps/2 is fma(step, i, start), the others count back from `end`:
/// fma(-step, steps - 1 - i, end), with step = (end - start) / (steps - 1) in float. (PyTorch
/// 2.15 applies this per element in its vector body too.)
void nk_linspace_f32(double start_d, double end_d, int64_t steps, float *out, int threads) {
    (void)threads;
    if (steps <= 0) return;
    const float start = (float)start_d, end = (float)end_d;
    if (steps == 1) { out[0] = start; return; }
    const float step = (end - start) / (float)(steps - 1);
    const int64_t halfway = steps / 2;
    for (int64_t i = 0; i < steps; i++)
        out[i] = i < halfway ? fmaf(step, (float)i, start) : fmaf(-step, (float)(steps - i - 1), end);
}

/// arange(start, start + n·step, step): start and step in double (ATen's accumulate type); the
/// AVX2 build makes vectors of 8 from a base start + idx·step (rounded to float) plus k·step in
/// double (GCC fuses k·step into the add for k ≥ 2), in blocks of two vectors with a scalar tail,
/// per GRAIN_SIZE chunk.
void nk_arange_f32(double start, double step, int64_t n, float *out, int threads) {
    int64_t chunk;
    int64_t count = nk_split(n, NK_GRAIN, threads, &chunk);
    for (int64_t c = 0; c < count; c++) {
        const int64_t begin = c * chunk, stop = begin + chunk < n ? begin + chunk : n;
        int64_t idx = begin;
        for (; idx + 2 * RANGE_LANES <= stop; ) {
            for (int v = 0; v < 2; v++, idx += RANGE_LANES) {
                const float base = (float)fma(step, (double)idx, start);
                out[idx] = base;
                out[idx + 1] = (float)((double)base + step);
                for (int k = 2; k < RANGE_LANES; k++) out[idx + k] = (float)fma((double)k, step, (double)base);
            }
        }
        for (; idx < stop; idx++) out[idx] = (float)fma(step, (double)idx, start);
    }
}
