// Optimizer steps, updating parameters and state in place with the exact float32 operation
// sequence of torch.optim's single-tensor CPU code (what PyTorch runs on CPU: foreach stays off):
// each line of the Python code is one ATen kernel with its own rounding — add(alpha=) and
// addcmul are fused multiply-adds, addcdiv is a multiply, a divide and an add, lerp is ATen's
// two-sided fma formula, sqrt is MKL VML's (not correctly rounded). Python scalars meet the
// tensors as float32. Work goes in blocks so the square roots can go to VML in one call.
#include <math.h>
#include "common.h"

#define NK_BLOCK 1024

static inline float lerp_f32(float self, float end, float w) {
    float diff = end - self;
    return fabsf(w) < 0.5f ? fmaf(w, diff, self) : fmaf(-diff, 1.f - w, end);
}

/// SGD (torch/optim/sgd.py): weight decay, momentum (the buffer starts as a copy of the
/// gradient on the first step), nesterov, then p = p - lr·g.
void nk_sgd_step_f32(float *p, const float *grad, float *buf, int64_t n, double lr, double momentum, double dampening,
                     double weight_decay, int nesterov, int maximize, int first_step) {
    const float wd = (float)weight_decay, mu = (float)momentum, damp = (float)(1 - dampening), neg_lr = (float)-lr;
    for (int64_t i = 0; i < n; i++) {
        float g = maximize ? -grad[i] : grad[i];
        if (weight_decay != 0) g = fmaf(wd, p[i], g);
        if (momentum != 0) {
            float b = first_step ? g : fmaf(damp, g, buf[i] * mu);
            buf[i] = b;
            g = nesterov ? fmaf(mu, b, g) : b;
        }
        p[i] = fmaf(neg_lr, g, p[i]);
    }
}

/// Adam / AdamW for step number `step` (already incremented).
void nk_adam_step_f32(float *p, const float *grad, float *exp_avg, float *exp_avg_sq, float *max_exp_avg_sq, int64_t n,
                      double lr, double beta1, double beta2, double eps, double weight_decay, int amsgrad, int maximize,
                      int decoupled, double step) {
    const float w1 = (float)(1 - beta1), b2 = (float)beta2, one_minus_b2 = (float)(1 - beta2);
    const float wd = (float)weight_decay, decay = (float)(1 - lr * weight_decay);
    const double bc1 = 1 - pow(beta1, step), bc2 = 1 - pow(beta2, step);
    const float neg_step = (float)-(lr / bc1), bc2_sqrt = (float)pow(bc2, 0.5), eps_f = (float)eps;
    float g[NK_BLOCK], root[NK_BLOCK];
    for (int64_t start = 0; start < n; start += NK_BLOCK) {
        const int64_t len = n - start < NK_BLOCK ? n - start : NK_BLOCK;
        float *pp = p + start, *m = exp_avg + start, *v = exp_avg_sq + start;
        for (int64_t i = 0; i < len; i++) {
            g[i] = maximize ? -grad[start + i] : grad[start + i];
            if (weight_decay != 0) {
                if (decoupled) pp[i] = pp[i] * decay;
                else g[i] = fmaf(wd, pp[i], g[i]);
            }
            m[i] = lerp_f32(m[i], g[i], w1);
            v[i] = fmaf(one_minus_b2 * g[i], g[i], v[i] * b2);
        }
        const float *src = v;
        if (amsgrad) {
            float *vmax = max_exp_avg_sq + start;
            for (int64_t i = 0; i < len; i++) vmax[i] = (isnan(vmax[i]) || isnan(v[i])) ? NAN : (v[i] > vmax[i] ? v[i] : vmax[i]);   // torch.maximum
            src = vmax;
        }
        nk_vsqrt_f32(src, root, len);
        for (int64_t i = 0; i < len; i++) {
            float denom = root[i] / bc2_sqrt + eps_f;
            pp[i] = pp[i] + (neg_step * m[i]) / denom;
        }
    }
}

/// RMSprop (torch/optim/rmsprop.py), centered and momentum variants.
void nk_rmsprop_step_f32(float *p, const float *grad, float *square_avg, float *grad_avg, float *momentum_buffer, int64_t n,
                         double lr, double alpha, double eps, double weight_decay, double momentum, int centered, int maximize) {
    const float a = (float)alpha, one_minus_a = (float)(1 - alpha), wd = (float)weight_decay, eps_f = (float)eps;
    const float mu = (float)momentum, neg_lr = (float)-lr;
    float g[NK_BLOCK], avg[NK_BLOCK];
    for (int64_t start = 0; start < n; start += NK_BLOCK) {
        const int64_t len = n - start < NK_BLOCK ? n - start : NK_BLOCK;
        float *pp = p + start, *v = square_avg + start;
        for (int64_t i = 0; i < len; i++) {
            g[i] = maximize ? -grad[start + i] : grad[start + i];
            if (weight_decay != 0) g[i] = fmaf(wd, pp[i], g[i]);
            v[i] = fmaf(one_minus_a * g[i], g[i], v[i] * a);
        }
        if (centered) {
            float *ga = grad_avg + start;
            for (int64_t i = 0; i < len; i++) {
                ga[i] = lerp_f32(ga[i], g[i], one_minus_a);
                avg[i] = fmaf(-ga[i], ga[i], v[i]);   // square_avg.addcmul(grad_avg, grad_avg, value=-1)
            }
            nk_vsqrt_f32(avg, avg, len);
        } else {
            nk_vsqrt_f32(v, avg, len);
        }
        for (int64_t i = 0; i < len; i++) avg[i] = avg[i] + eps_f;
        if (momentum > 0) {
            float *b = momentum_buffer + start;
            for (int64_t i = 0; i < len; i++) {
                b[i] = b[i] * mu + g[i] / avg[i];   // buf.mul_(momentum).addcdiv_(grad, avg)
                pp[i] = fmaf(neg_lr, b[i], pp[i]);  // param.add_(buf, alpha=-lr)
            }
        } else {
            for (int64_t i = 0; i < len; i++) pp[i] = pp[i] + (neg_lr * g[i]) / avg[i];   // addcdiv_(value=-lr)
        }
    }
}

/// Adagrad (torch/optim/adagrad.py, dense gradients) for step number `step`.
void nk_adagrad_step_f32(float *p, const float *grad, float *state_sum, int64_t n, double lr, double lr_decay,
                         double weight_decay, double eps, int maximize, double step) {
    const float wd = (float)weight_decay, eps_f = (float)eps;
    const float neg_clr = (float)-(lr / (1 + (step - 1) * lr_decay));
    float g[NK_BLOCK], std_[NK_BLOCK];
    for (int64_t start = 0; start < n; start += NK_BLOCK) {
        const int64_t len = n - start < NK_BLOCK ? n - start : NK_BLOCK;
        float *pp = p + start, *s = state_sum + start;
        for (int64_t i = 0; i < len; i++) {
            g[i] = maximize ? -grad[start + i] : grad[start + i];
            if (weight_decay != 0) g[i] = fmaf(wd, pp[i], g[i]);
            s[i] = fmaf(g[i], g[i], s[i]);   // addcmul_(grad, grad, value=1)
        }
        nk_vsqrt_f32(s, std_, len);
        for (int64_t i = 0; i < len; i++) {
            float d = std_[i] + eps_f;
            pp[i] = pp[i] + (neg_clr * g[i]) / d;
        }
    }
}
