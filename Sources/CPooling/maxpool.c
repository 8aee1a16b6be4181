#include "CPooling.h"

// target_clones' resolver runs while the dynamic loader relocates, before ThreadSanitizer has set
// up its thread state; TSan instruments it and crashes there, so a TSan build has no clones.
#if defined(__has_feature)
#  if __has_feature(thread_sanitizer)
#    define NN_NO_CLONES 1
#  endif
#endif
#ifdef NN_NO_CLONES
#define CLONES
#else
#define CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#endif

// LeNet's pooling: 2x2 windows with stride 2 that all lie inside the input. Starting from the
// window's first cell is the same as aten's start at -inf with that cell's index.
CLONES static void pool_2x2_s2(const float *src, int64_t planes, int64_t h, int64_t w, int64_t oh, int64_t ow,
                               float *out, int64_t *indices) {
    for (int64_t p = 0; p < planes; p++) {
        const float *s = src + p * h * w;
        float *o = out + p * oh * ow;
        int64_t *ix = indices + p * oh * ow;
        for (int64_t y = 0; y < oh; y++) {
            const float *r0 = s + 2 * y * w, *r1 = r0 + w;
            const int64_t top = 2 * y * w;
            for (int64_t x = 0; x < ow; x++) {
                float best = r0[2 * x];
                int64_t at = top + 2 * x;
                float v = r0[2 * x + 1];
                int t = (v > best) | (v != v);
                best = t ? v : best;
                at = t ? top + 2 * x + 1 : at;
                v = r1[2 * x];
                t = (v > best) | (v != v);
                best = t ? v : best;
                at = t ? top + w + 2 * x : at;
                v = r1[2 * x + 1];
                t = (v > best) | (v != v);
                best = t ? v : best;
                at = t ? top + w + 2 * x + 1 : at;
                o[y * ow + x] = best;
                ix[y * ow + x] = at;
            }
        }
    }
}

CLONES static void pool_generic(const float *src, int64_t planes, int64_t h, int64_t w, int64_t oh, int64_t ow,
                                int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw,
                                int64_t dh, int64_t dw, float *out, int64_t *indices) {
    for (int64_t p = 0; p < planes; p++) {
        const float *s = src + p * h * w;
        float *o = out + p * oh * ow;
        int64_t *ix = indices + p * oh * ow;
        for (int64_t y = 0; y < oh; y++) {
            int64_t ih0 = y * sh - ph;
            const int64_t ih1 = ih0 + (kh - 1) * dh + 1 < h ? ih0 + (kh - 1) * dh + 1 : h;
            while (ih0 < 0) ih0 += dh;
            for (int64_t x = 0; x < ow; x++) {
                int64_t iw0 = x * sw - pw;
                const int64_t iw1 = iw0 + (kw - 1) * dw + 1 < w ? iw0 + (kw - 1) * dw + 1 : w;
                while (iw0 < 0) iw0 += dw;
                float best = -__builtin_inff();
                int64_t at = ih0 * w + iw0;
                for (int64_t iy = ih0; iy < ih1; iy += dh) {
                    for (int64_t jx = iw0; jx < iw1; jx += dw) {
                        const float v = s[iy * w + jx];
                        const int t = (v > best) | (v != v);
                        best = t ? v : best;
                        at = t ? iy * w + jx : at;
                    }
                }
                o[y * ow + x] = best;
                ix[y * ow + x] = at;
            }
        }
    }
}

void nn_max_pool2d_f32(const float *src, int64_t planes, int64_t h, int64_t w, int64_t oh, int64_t ow,
                       int64_t kh, int64_t kw, int64_t sh, int64_t sw, int64_t ph, int64_t pw,
                       int64_t dh, int64_t dw, float *out, int64_t *indices) {
    if (kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0 && dh == 1 && dw == 1 &&
        2 * oh <= h && 2 * ow <= w) {
        pool_2x2_s2(src, planes, h, w, oh, ow, out, indices);
    } else {
        pool_generic(src, planes, h, w, oh, ow, kh, kw, sh, sw, ph, pw, dh, dw, out, indices);
    }
}

void nn_max_pool2d_backward_f32(const float *grad_out, const int64_t *indices, int64_t planes,
                                int64_t in_plane, int64_t out_plane, float *grad_in) {
    for (int64_t p = 0; p < planes; p++) {
        const float *g = grad_out + p * out_plane;
        const int64_t *ix = indices + p * out_plane;
        float *d = grad_in + p * in_plane;
        for (int64_t k = 0; k < out_plane; k++) {
            const int64_t i = ix[k];
            if (i >= 0) d[i] += g[k];
        }
    }
}
