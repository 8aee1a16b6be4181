#ifndef NNREPL_COneDNN_H
#define NNREPL_COneDNN_H
// oneDNN convolution and pooling for the Engine: shapes in, plain NCHW/OIHW float buffers in
// and out. Everything oneDNN-specific (primitive descriptors, blocked layouts, reorders,
// scratchpad, the per-shape primitive cache, OpenMP thread counts) stays on the C side.
#include <stdint.h>
#include <stddef.h>

/// One 2-D convolution's geometry (PyTorch's meaning: dilation 1 = dense).
typedef struct {
    int64_t n, ic, ih, iw;
    int64_t oc, kh, kw, oh, ow;
    int64_t sh, sw, ph, pw, dh, dw;
    int64_t groups;
    int64_t has_bias;
} nn_conv_shape;

/// Return values: 0 success; otherwise a oneDNN status (the caller falls back to im2col).
int nn_conv_forward(const nn_conv_shape *s, const float *src, const float *wei, const float *bias, float *dst);
int nn_conv_backward_data(const nn_conv_shape *s, const float *diff_dst, const float *wei, float *diff_src);
/// `diff_bias` may be NULL (no bias gradient wanted).
int nn_conv_backward_weights(const nn_conv_shape *s, const float *src, const float *diff_dst,
                             float *diff_wei, float *diff_bias);

/// The thread count oneDNN runs with (OpenMP, set on each calling thread before it runs a
/// primitive; primitives are cached per thread count). Default 1.
void nn_dnnl_set_num_threads(int n);
int nn_dnnl_get_num_threads(void);

/// Number of primitives created so far (for tests of the cache).
int64_t nn_dnnl_primitives_created(void);

#endif
