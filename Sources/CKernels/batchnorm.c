// Batch norm forward (training and evaluation) and its running statistics, as ATen computes
// them for a contiguous float32 input [N, C, *] (Normalization.cpp, batch_norm_kernel.cpp).
// ATen picks its "channels last" kernels when the channel stride is 1 (a 2-D [N, C] input, or
// spatial size 1); their statistics are partial float sums per thread, summed in double. The
// other layout sums each channel in double.
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "dispatch.h"

#ifndef NK_BN_BETA
#define NK_BN_BETA(bias, mean, alpha) fmaf(-(mean), (alpha), (bias))
#endif

/// Per-channel mean and sum of squared deviations of x [batch, channels, image].
static void collect_stats(const float *x, int64_t batch, int64_t channels, int64_t image, float *mean, float *var_sum, int threads) {
    const int64_t N = batch * image;
    if (image == 1) {
        // channels-last kernel: rows split between threads (parallel_for(0, N, 1)); each thread
        // accumulates float partial sums; the partials are added in double.
        if (N > threads) {
            float *buffer = calloc((size_t)(threads * channels), sizeof(float));
            int64_t chunk;
            int64_t count = nk_split(N, 1, threads, &chunk);
            for (int64_t t = 0; t < count; t++)
                for (int64_t i = t * chunk; i < N && i < (t + 1) * chunk; i++)
                    nk_narrow->bn_accumulate_row(buffer + t * channels, x + i * channels, NULL, channels, 0);
            for (int64_t c = 0; c < channels; c++) {
                double sum = 0;
                for (int t = 0; t < threads; t++) sum += buffer[t * channels + c];
                mean[c] = (float)(sum / N);
            }
            memset(buffer, 0, sizeof(float) * (size_t)(threads * channels));
            for (int64_t t = 0; t < count; t++)
                for (int64_t i = t * chunk; i < N && i < (t + 1) * chunk; i++)
                    nk_narrow->bn_accumulate_row(buffer + t * channels, x + i * channels, mean, channels, 1);
            for (int64_t c = 0; c < channels; c++) {
                double s = 0;
                for (int t = 0; t < threads; t++) s += buffer[t * channels + c];
                var_sum[c] = (float)s;
            }
            free(buffer);
        } else {
            for (int64_t c = 0; c < channels; c++) {
                double sum = 0;
                for (int64_t i = 0; i < N; i++) sum += x[i * channels + c];
                mean[c] = (float)(sum / N);
                double s = 0;
                for (int64_t i = 0; i < N; i++) { float d = x[i * channels + c] - mean[c]; s += d * d; }
                var_sum[c] = (float)s;
            }
        }
        return;
    }
    for (int64_t c = 0; c < channels; c++) {
        double sum = 0;
        for (int64_t n = 0; n < batch; n++) {
            const float *p = x + (n * channels + c) * image;
            for (int64_t i = 0; i < image; i++) sum += p[i];
        }
        const float m = (float)(sum / N);
        mean[c] = m;
        double s = 0;
        for (int64_t n = 0; n < batch; n++) {
            const float *p = x + (n * channels + c) * image;
            for (int64_t i = 0; i < image; i++) { float d = p[i] - m; s += d * d; }
        }
        var_sum[c] = (float)s;
    }
}

/// Training (train = 1) or evaluation batch norm of a contiguous [batch, channels, image] input.
/// Training fills save_mean / save_invstd and updates running_mean / running_var (when given).
void nk_batch_norm_f32(const float *x, int64_t batch, int64_t channels, int64_t image, const float *weight, const float *bias,
                       float *running_mean, float *running_var, int train, double momentum, double eps,
                       float *save_mean, float *save_invstd, float *out, int threads) {
    const int64_t N = batch * image;
    float *alpha = malloc(sizeof(float) * (size_t)channels), *beta = malloc(sizeof(float) * (size_t)channels);
    if (train) {
        float *var_sum = malloc(sizeof(float) * (size_t)channels);
        collect_stats(x, batch, channels, image, save_mean, var_sum, threads);
        for (int64_t c = 0; c < channels; c++) {
            float var = var_sum[c] / (float)N;
            save_invstd[c] = (var != 0 || eps != 0) ? (float)(1.0 / sqrt((double)var + eps)) : 0.f;
            // momentum meets the statistics as float32; the unbiased variance is kept in double.
            const float mom = (float)momentum;
            if (running_mean) running_mean[c] = mom * save_mean[c] + (1 - mom) * running_mean[c];
            if (running_var) {
                double unbiased = var_sum[c] / (float)(N - 1);
                running_var[c] = (float)(mom * unbiased + (1 - mom) * running_var[c]);
            }
        }
        free(var_sum);
    }
    for (int64_t c = 0; c < channels; c++) {
        float mean, invstd;
        if (train) { mean = save_mean[c]; invstd = save_invstd[c]; }
        else { mean = running_mean[c]; invstd = 1.f / sqrtf(running_var[c] + (float)eps); }
        float w = weight ? weight[c] : 1.f, b = bias ? bias[c] : 0.f;
        alpha[c] = invstd * w;
        beta[c] = NK_BN_BETA(b, mean, alpha[c]);
    }
    if (image == 1) {
        for (int64_t i = 0; i < N; i++) nk_narrow->bn_affine_row(x + i * channels, alpha, beta, out + i * channels, channels);
    } else {
        for (int64_t n = 0; n < batch; n++)
            for (int64_t c = 0; c < channels; c++)
                nk_narrow->bn_affine_plane(x + (n * channels + c) * image, alpha[c], beta[c], out + (n * channels + c) * image, image);
    }
    free(alpha);
    free(beta);
}

/// Batch norm backward for training mode (train = 1, with save_mean / save_invstd) or evaluation
/// (running statistics). grad_input, grad_weight, grad_bias may each be NULL.
void nk_batch_norm_backward_f32(const float *dy, const float *x, int64_t batch, int64_t channels, int64_t image,
                                const float *weight, const float *running_mean, const float *running_var,
                                const float *save_mean, const float *save_invstd, int train, double eps,
                                float *grad_input, float *grad_weight, float *grad_bias, int threads) {
    const int64_t N = batch * image;
    float *mean = malloc(sizeof(float) * (size_t)channels), *invstd = malloc(sizeof(float) * (size_t)channels);
    float *w = malloc(sizeof(float) * (size_t)channels);
    for (int64_t c = 0; c < channels; c++) {
        w[c] = weight ? weight[c] : 1.f;
        if (train) { mean[c] = save_mean[c]; invstd[c] = save_invstd[c]; }
        else { mean[c] = running_mean[c]; invstd[c] = (float)(1 / sqrt(running_var[c] + eps)); }
    }
    if (image > 1) {
        for (int64_t c = 0; c < channels; c++) {
            double sum = 0, dotp = 0;
            for (int64_t n = 0; n < batch; n++) {
                const float *xp = x + (n * channels + c) * image, *dyp = dy + (n * channels + c) * image;
                sum += nk_narrow->reduce_all_add(dyp, image);
                dotp += nk_narrow->bn_dot_plane(xp, dyp, mean[c], image);
            }
            if (grad_input) {
                for (int64_t n = 0; n < batch; n++) {
                    const float *xp = x + (n * channels + c) * image, *dyp = dy + (n * channels + c) * image;
                    float *dxp = grad_input + (n * channels + c) * image;
                    if (train) {
                        float k = (float)dotp * invstd[c] * invstd[c] / (float)N;
                        float grad_mean = (float)(sum / N);
                        nk_narrow->bn_dx_plane(xp, dyp, dxp, mean[c], k, grad_mean, invstd[c], w[c], image);
                    } else {
                        for (int64_t i = 0; i < image; i++) dxp[i] = dyp[i] * invstd[c] * w[c];
                    }
                }
            }
            if (grad_weight) grad_weight[c] = (float)(dotp * invstd[c]);
            if (grad_bias) grad_bias[c] = (float)sum;
        }
    } else {
        float *buffer = calloc((size_t)(2 * threads * channels), sizeof(float));
        float *sum_data = buffer, *dotp_data = buffer + threads * channels;
        int64_t chunk;
        int64_t count = nk_split(N, 1, threads, &chunk);
        for (int64_t t = 0; t < count; t++)
            for (int64_t i = t * chunk; i < N && i < (t + 1) * chunk; i++)
                nk_narrow->bn_backward_accumulate_row(sum_data + t * channels, dotp_data + t * channels, x + i * channels, mean, dy + i * channels, channels);
        for (int64_t c = 0; c < channels; c++) {
            double s = 0, d = 0;
            for (int t = 0; t < threads; t++) s += sum_data[t * channels + c];
            for (int t = 0; t < threads; t++) d += dotp_data[t * channels + c];
            sum_data[c] = (float)s;
            dotp_data[c] = (float)d;
        }
        if (grad_input) {
            for (int64_t i = 0; i < N; i++) {
                if (train) {
                    nk_narrow->bn_dx_row(x + i * channels, dy + i * channels, grad_input + i * channels, mean, dotp_data, sum_data, invstd, w, (float)N, channels);
                } else {
                    for (int64_t c = 0; c < channels; c++) grad_input[i * channels + c] = dy[i * channels + c] * invstd[c] * w[c];
                }
            }
        }
        for (int64_t c = 0; c < channels; c++) {
            if (grad_weight) grad_weight[c] = dotp_data[c] * invstd[c];
            if (grad_bias) grad_bias[c] = sum_data[c];
        }
        free(buffer);
    }
    free(mean); free(invstd); free(w);
}
