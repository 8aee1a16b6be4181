// GELU (exact, erf form) as PyTorch computes it for a contiguous float32 tensor of 2+ elements:
// ATen hands it to oneDNN (`eltwise_gelu_erf`), whose JIT kernel on AVX-512 CPUs evaluates erf
// as a piecewise degree-5 minimax polynomial (oneDNN 3.x, jit_uni_eltwise_injector's
// gelu_erf_minimax_approx_compute_vector_fwd). The JIT code is not callable from outside
// oneDNN (and Debian's oneDNN 2.6 predates this polynomial), so its arithmetic is repeated here
// lane by lane: the same table, the same integer index computation, one fused multiply-add per
// Horner step, then x · (1 ± p) · 0.5 with two roundings.
#include <math.h>
#include <stdint.h>
#include <string.h>
#include "CKernels.h"

// Coefficients by degree (0..5), 25 polynomials each (index 0 unused: indices are clamped to
// 1...24; 23 is erf = 1, 24 the identity used for NaN/inf bit patterns).
static const uint32_t gelu_pol[6][25] = {
    {0xa6f2cb94, 0x32827792, 0x3381cc0c, 0x34523d4a, 0x351ac44d, 0x35f36d88, 0x36ee8229, 0x37b8a3bb,
     0x3867a213, 0x3940033b, 0x3a2a5a1d, 0x3ae35863, 0x3b7828f2, 0x3c08b14b, 0x3c515ed3, 0xbb503236,
     0xbd8d8e5e, 0xbe8abcd9, 0xbf0c19a2, 0xbeccb328, 0x3e176ced, 0x3f470d99, 0x3f7abb28, 0x3f800000, 0x00000000},
    {0x3f4c422a, 0x3f4c421f, 0x3f4c4207, 0x3f4c41cb, 0x3f4c413b, 0x3f4c3fad, 0x3f4c3a2f, 0x3f4c2d40,
     0x3f4c146a, 0x3f4bc341, 0x3f4ad08c, 0x3f48f8cf, 0x3f45fac7, 0x3f404e07, 0x3f3b980f, 0x3f48dff3,
     0x3f78b21b, 0x3fbb0704, 0x40019c32, 0x3fe536d6, 0x3f81331e, 0x3e6c8684, 0x3c98f936, 0x00000000, 0x3f800000},
    {0xb62173f4, 0x3735e4cf, 0x37f2ff89, 0x388c23be, 0x3917535c, 0x39ab2ab0, 0x3a60fadb, 0x3af9b960,
     0x3b6e5491, 0x3c0a4ec5, 0x3ca5aa8c, 0x3d2138d9, 0x3d8737d4, 0x3ddfb660, 0x3e0f27ab, 0x3d94004b,
     0xbe0efdeb, 0xbf1d96c3, 0xbf89db58, 0xbf6d9897, 0xbef69fb8, 0xbdc4f8a8, 0xbbde6422, 0x00000000, 0x00000000},
    {0xbe081a19, 0xbe084570, 0xbe08639b, 0xbe089837, 0xbe08f409, 0xbe09ab95, 0xbe0b66d0, 0xbe0e400a,
     0xbe124df8, 0xbe1bde02, 0xbe2f19c9, 0xbe4931bf, 0xbe685fbc, 0xbe89c95f, 0xbe96cbca, 0xbe8044aa,
     0xbe0550f2, 0x3dcfd6a1, 0x3e94c826, 0x3e79345f, 0x3decec91, 0x3ca46568, 0x3aa1e00a, 0x00000000, 0x00000000},
    {0xba3d61db, 0x39f097a3, 0x3a5845dc, 0x3ab1fa35, 0x3b0cefb8, 0x3b653ab6, 0x3bcae527, 0x3c221712,
     0x3c6c5840, 0x3cc0a703, 0x3d1dcc19, 0x3d63656d, 0x3d955907, 0x3dbf9910, 0x3dd53f69, 0x3db7dcef,
     0x3d639ebe, 0xba6ede48, 0xbd22be69, 0xbd041cf1, 0xbc64f5ab, 0xbb097a32, 0xb8ebf380, 0x00000000, 0x00000000},
    {0x3cb7d80c, 0x3c9b6050, 0x3c978d11, 0x3c92e850, 0x3c8d058b, 0x3c848454, 0x3c6cd623, 0x3c4c824b,
     0x3c2a7935, 0x3be0b390, 0x3b0651ac, 0xbb232f53, 0xbbd42fa0, 0xbc2c5366, 0xbc492c9e, 0xbc2a7aa6,
     0xbbd55d04, 0xba823a76, 0x3b102aa8, 0x3ae25a7e, 0x3a31f792, 0x38b84375, 0x3689bb5a, 0x00000000, 0x00000000},
};

static inline float from_bits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }
static inline uint32_t to_bits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static inline float gelu_minimax(float x) {
    const uint32_t bits = to_bits(x);
    const uint32_t pos_bits = bits & 0x7fffffffu;
    const float pos = from_bits(pos_bits);
    // index = (bits(|x|) + 0xc21fffff) >> 21 (32-bit wrapping add, arithmetic shift), in [1, 24];
    // beyond rbound (0x40b15cee ≈ 5.54) erf is 1: polynomial 23.
    int32_t idx = (int32_t)(pos_bits + 0xc21fffffu) >> 21;
    if (idx < 1) idx = 1;
    if (idx > 24) idx = 24;
    if (from_bits(0x40b15ceeu) < pos) idx = 23;
    float p = from_bits(gelu_pol[5][idx]);
    for (int d = 4; d >= 0; d--) p = fmaf(p, pos, from_bits(gelu_pol[d][idx]));
    p = from_bits(to_bits(p) ^ (bits & 0x80000000u));
    p = p + 1.0f;
    return (x * p) * 0.5f;
}

void nk_gelu_onednn_f32(const float *x, float *y, int64_t n) {
    for (int64_t i = 0; i < n; i++) y[i] = gelu_minimax(x[i]);
}

/// oneDNN's own ISA choice (not ATen's capability, which ATEN_CPU_CAPABILITY may lower):
/// avx512_core is AVX-512 F, CD, BW, VL and DQ.
int nk_onednn_has_avx512_core(void) {
    static int known = -1;
    if (known < 0) {
        __builtin_cpu_init();
        known = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd")
            && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")
            && __builtin_cpu_supports("avx512dq");
    }
    return known;
}
