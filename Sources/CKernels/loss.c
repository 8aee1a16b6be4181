// Losses whose ATen implementations are plain scalar loops (aten/src/ATen/native/LossNLL.cpp,
// Loss.cpp): compiled for the baseline ISA, where GCC builds ATen's non-kernel files without FMA.
#include <math.h>
#include "common.h"

/// nll_loss over [batch, classes] log-probabilities (batch = 1 for a 1-D input). Sum / mean
/// accumulate -input[b][target[b]] in an 8-level cascade of 2^level_power rows, as ATen does.
/// Returns -1 with *bad_target set when a target is out of range.
int nk_nll_loss_f32(const float *input, const int64_t *target, const float *weight, int64_t batch, int64_t classes,
                    int reduction, int64_t ignore_index, float *out, float *total_weight, int64_t *bad_target) {
    if (reduction == 0) {   // none: one loss per row
        for (int64_t b = 0; b < batch; b++) {
            int64_t t = target[b];
            if (t == ignore_index) { out[b] = 0; continue; }
            if (t < 0 || t >= classes) { *bad_target = t; return -1; }
            float w = weight ? weight[t] : 1.f;
            out[b] = -input[b * classes + t] * w;
        }
        return 0;
    }
    const int64_t level_power = nk_ceil_log2(batch) / 8 > 4 ? nk_ceil_log2(batch) / 8 : 4;
    const int64_t level_mask = ((int64_t)1 << level_power) - 1;
    float weight_sums[8] = {0}, loss_sums[8] = {0};
    int64_t ignored = 0;
    for (int64_t b = 0; b < batch; b++) {
        int64_t t = target[b];
        if (t == ignore_index) { ignored++; continue; }
        if (t < 0 || t >= classes) { *bad_target = t; return -1; }
        float data = input[b * classes + t];
        if (weight) {
            float w = weight[t];
            loss_sums[0] -= data * w;
            weight_sums[0] += w;
        } else {
            loss_sums[0] -= data;
        }
        for (int j = 0; j + 1 < 8; j++) {
            if ((b & (level_mask << (j * level_power))) != 0) break;
            weight_sums[j + 1] += weight_sums[j];
            loss_sums[j + 1] += loss_sums[j];
            weight_sums[j] = 0;
            loss_sums[j] = 0;
        }
    }
    float tw = 0, loss = 0;
    if (weight) { for (int j = 0; j < 8; j++) tw += weight_sums[j]; } else { tw = (float)(batch - ignored); }
    for (int j = 0; j < 8; j++) loss += loss_sums[j];
    if (reduction == 1) loss /= tw;   // mean
    *out = loss;
    *total_weight = tw;
    return 0;
}

/// The gradient of nll_loss: -grad (divided by the total weight for a mean) at each target.
/// grad_input must be zeroed by the caller; `grad_out` holds one value per row for
/// reduction none (2-D input), else one value.
void nk_nll_loss_backward_f32(const float *grad_out, const int64_t *target, const float *weight, int64_t batch,
                              int64_t classes, int reduction, int64_t ignore_index, float total_weight, float *grad_input) {
    if (reduction == 0) {
        for (int64_t b = 0; b < batch; b++) {
            int64_t t = target[b];
            if (t == ignore_index) continue;
            float w = weight ? weight[t] : 1.f;
            grad_input[b * classes + t] = -w * grad_out[b];
        }
        return;
    }
    const float grad = -(reduction == 1 ? grad_out[0] / total_weight : grad_out[0]);
    for (int64_t b = 0; b < batch; b++) {
        int64_t t = target[b];
        if (t == ignore_index) continue;
        grad_input[b * classes + t] = weight ? weight[t] * grad : grad;
    }
}

/// binary_cross_entropy, elementwise: (t - 1)·max(log1p(-x), -100) - t·max(log(x), -100).
/// Returns the index of the first input or target outside [0, 1], or -1.
int64_t nk_bce_f32(const float *x, const float *t, float *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        float xv = x[i], tv = t[i];
        if (!(xv >= 0 && xv <= 1)) return i;
        if (!(tv >= 0 && tv <= 1)) return i;
        float l1 = log1pf(-xv), l = logf(xv);
        out[i] = (tv - 1.f) * (l1 < -100.f ? -100.f : l1) - tv * (l < -100.f ? -100.f : l);   // std::max
    }
    return -1;
}

/// Its gradient: g·(x - t) / max((1 - x)·x, 1e-12).
void nk_bce_backward_f32(const float *g, int64_t g_stride, const float *x, const float *t, float *out, int64_t n) {
    for (int64_t i = 0; i < n; i++) {
        float d = (1.f - x[i]) * x[i];
        out[i] = g[i * g_stride] * (x[i] - t[i]) / (d < 1e-12f ? 1e-12f : d);
    }
}
