// Convolution through oneDNN's C API (Debian's oneDNN 2.x), the way PyTorch's ideep calls it:
// every memory descriptor of the operation is "any" so oneDNN picks its blocked layouts and its
// fastest kernel for this CPU, and plain NCHW/OIHW buffers are reordered in and out. With the
// same kernel (jit:avx512_core here) the results equal PyTorch's bit for bit.
//
// Primitives are created once per (operation, shape, thread count) and kept: creating one JITs
// code (35-500 us); running a cached one costs a few microseconds. Blocked copies and oneDNN's
// scratchpad live in one grow-only workspace, so a training loop allocates nothing here after
// its first step.
#include "COneDNN.h"
#include "nn_dnnl_common.h"

#include <stdlib.h>
#include <string.h>

enum { KIND_FWD = 1, KIND_BWD_DATA = 2, KIND_BWD_WEIGHTS = 3 };

typedef struct {
    int32_t kind;
    int32_t threads;
    nn_conv_shape s;        // all int64: no padding bytes, so keys compare with memcmp
} conv_key;

typedef struct conv_entry {
    struct conv_entry *next;
    conv_key key;
    nn_dnnl_op op;
} conv_entry;

static conv_entry *conv_cache = NULL;

static void conv_dims(const nn_conv_shape *s, int64_t *src, int64_t *wei, int *wei_nd,
                      int64_t *bias, int64_t *dst) {
    src[0] = s->n; src[1] = s->ic; src[2] = s->ih; src[3] = s->iw;
    dst[0] = s->n; dst[1] = s->oc; dst[2] = s->oh; dst[3] = s->ow;
    bias[0] = s->oc;
    if (s->groups > 1) {
        *wei_nd = 5;
        wei[0] = s->groups; wei[1] = s->oc / s->groups; wei[2] = s->ic / s->groups;
        wei[3] = s->kh; wei[4] = s->kw;
    } else {
        *wei_nd = 4;
        wei[0] = s->oc; wei[1] = s->ic; wei[2] = s->kh; wei[3] = s->kw;
    }
}

// Strides, dilations (oneDNN counts the gaps: PyTorch's d - 1) and both paddings. The right
// padding is whatever gives PyTorch's output size (floor division may leave it smaller).
static void conv_geometry(const nn_conv_shape *s, int64_t *strides, int64_t *dilates,
                          int64_t *pad_l, int64_t *pad_r) {
    strides[0] = s->sh; strides[1] = s->sw;
    dilates[0] = s->dh - 1; dilates[1] = s->dw - 1;
    pad_l[0] = s->ph; pad_l[1] = s->pw;
    pad_r[0] = (s->oh - 1) * s->sh + (s->kh - 1) * s->dh + 1 - s->ih - s->ph;
    pad_r[1] = (s->ow - 1) * s->sw + (s->kw - 1) * s->dw + 1 - s->iw - s->pw;
}

// The forward primitive descriptor, also the hint the backward ones need.
static dnnl_status_t conv_forward_pd(const nn_conv_shape *s, int with_bias, const_dnnl_primitive_attr_t attr,
                                     dnnl_primitive_desc_t *pd) {
    dnnl_dims_t src, wei, bias, dst, strides, dilates, pad_l, pad_r;   // the API reads 12 entries
    int wei_nd;
    conv_dims(s, src, wei, &wei_nd, bias, dst);
    conv_geometry(s, strides, dilates, pad_l, pad_r);
    dnnl_memory_desc_t src_md, wei_md, bias_md, dst_md;
    NN_TRY(dnnl_memory_desc_init_by_tag(&src_md, 4, src, dnnl_f32, dnnl_format_tag_any));
    NN_TRY(dnnl_memory_desc_init_by_tag(&wei_md, wei_nd, wei, dnnl_f32, dnnl_format_tag_any));
    NN_TRY(dnnl_memory_desc_init_by_tag(&bias_md, 1, bias, dnnl_f32, dnnl_format_tag_any));
    NN_TRY(dnnl_memory_desc_init_by_tag(&dst_md, 4, dst, dnnl_f32, dnnl_format_tag_any));
    dnnl_convolution_desc_t desc;
    NN_TRY(dnnl_dilated_convolution_forward_desc_init(&desc, dnnl_forward_training, dnnl_convolution_direct,
                                                      &src_md, &wei_md, with_bias ? &bias_md : NULL, &dst_md,
                                                      strides, dilates, pad_l, pad_r));
    return dnnl_primitive_desc_create(pd, &desc, attr, nn_dnnl_engine(), NULL);
}

static dnnl_status_t conv_create(const conv_key *key, nn_dnnl_op *op) {
    const nn_conv_shape *s = &key->s;
    dnnl_dims_t src, wei, bias, dst, strides, dilates, pad_l, pad_r;   // the API reads 12 entries
    int wei_nd;
    conv_dims(s, src, wei, &wei_nd, bias, dst);
    conv_geometry(s, strides, dilates, pad_l, pad_r);
    dnnl_format_tag_t wei_tag = wei_nd == 5 ? dnnl_goihw : dnnl_oihw;
    const_dnnl_primitive_attr_t attr = nn_dnnl_attr();
    dnnl_primitive_desc_t pd = NULL, hint = NULL;

    if (key->kind == KIND_FWD) {
        NN_TRY(conv_forward_pd(s, (int)s->has_bias, attr, &pd));
    } else {
        NN_TRY(conv_forward_pd(s, key->kind == KIND_BWD_WEIGHTS && s->has_bias, attr, &hint));
        // The backward descriptor refers to its hint: it lives as long as the cached operation.
        op->keep = hint;
        dnnl_memory_desc_t src_md, wei_md, bias_md, dst_md;
        NN_TRY(dnnl_memory_desc_init_by_tag(&src_md, 4, src, dnnl_f32, dnnl_format_tag_any));
        NN_TRY(dnnl_memory_desc_init_by_tag(&wei_md, wei_nd, wei, dnnl_f32, dnnl_format_tag_any));
        NN_TRY(dnnl_memory_desc_init_by_tag(&bias_md, 1, bias, dnnl_f32, dnnl_format_tag_any));
        NN_TRY(dnnl_memory_desc_init_by_tag(&dst_md, 4, dst, dnnl_f32, dnnl_format_tag_any));
        dnnl_convolution_desc_t desc;
        if (key->kind == KIND_BWD_DATA) {
            NN_TRY(dnnl_dilated_convolution_backward_data_desc_init(&desc, dnnl_convolution_direct, &src_md, &wei_md,
                                                                    &dst_md, strides, dilates, pad_l, pad_r));
        } else {
            NN_TRY(dnnl_dilated_convolution_backward_weights_desc_init(&desc, dnnl_convolution_direct, &src_md, &wei_md,
                                                                       s->has_bias ? &bias_md : NULL, &dst_md,
                                                                       strides, dilates, pad_l, pad_r));
        }
        NN_TRY(dnnl_primitive_desc_create(&pd, &desc, attr, nn_dnnl_engine(), hint));
    }
    op->pd = pd;

    switch (key->kind) {
    case KIND_FWD:
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_SRC, 0, dnnl_query_src_md, 0, 4, src, dnnl_nchw));
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_WEIGHTS, 0, dnnl_query_weights_md, 0, wei_nd, wei, wei_tag));
        if (s->has_bias)
            NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_BIAS, 0, dnnl_query_weights_md, 1, 1, bias, dnnl_x));
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_DST, 1, dnnl_query_dst_md, 0, 4, dst, dnnl_nchw));
        break;
    case KIND_BWD_DATA:
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_DIFF_DST, 0, dnnl_query_diff_dst_md, 0, 4, dst, dnnl_nchw));
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_WEIGHTS, 0, dnnl_query_weights_md, 0, wei_nd, wei, wei_tag));
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_DIFF_SRC, 1, dnnl_query_diff_src_md, 0, 4, src, dnnl_nchw));
        break;
    default:
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_SRC, 0, dnnl_query_src_md, 0, 4, src, dnnl_nchw));
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_DIFF_DST, 0, dnnl_query_diff_dst_md, 0, 4, dst, dnnl_nchw));
        NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_DIFF_WEIGHTS, 1, dnnl_query_diff_weights_md, 0, wei_nd, wei, wei_tag));
        if (s->has_bias)
            NN_TRY(nn_dnnl_op_add_arg(op, pd, DNNL_ARG_DIFF_BIAS, 1, dnnl_query_diff_weights_md, 1, 1, bias, dnnl_x));
        break;
    }
    return nn_dnnl_op_finish(op);
}

static nn_dnnl_op *conv_lookup(int kind, const nn_conv_shape *s, int *status) {
    conv_key key;
    memset(&key, 0, sizeof key);
    key.kind = kind;
    key.threads = nn_dnnl_get_num_threads();
    key.s = *s;
    conv_entry **link = &conv_cache;
    for (conv_entry *e = conv_cache; e; link = &e->next, e = e->next) {
        if (memcmp(&e->key, &key, sizeof key) == 0) {
            // Most recently used first: a training loop cycles through a few shapes.
            *link = e->next;
            e->next = conv_cache;
            conv_cache = e;
            return &e->op;
        }
    }
    conv_entry *e = calloc(1, sizeof *e);
    if (!e) { *status = dnnl_out_of_memory; return NULL; }
    e->key = key;
    dnnl_status_t st = conv_create(&key, &e->op);
    if (st != dnnl_success) {
        nn_dnnl_op_destroy(&e->op);
        free(e);
        *status = st;
        return NULL;
    }
    e->next = conv_cache;
    conv_cache = e;
    return &e->op;
}

static int conv_run(int kind, const nn_conv_shape *s, const void **buffers) {
    nn_dnnl_lock();
    int status = dnnl_success;
    nn_dnnl_op *op = conv_lookup(kind, s, &status);
    if (op) status = nn_dnnl_op_execute(op, buffers);
    nn_dnnl_unlock();
    return status;
}

int nn_conv_forward(const nn_conv_shape *s, const float *src, const float *wei, const float *bias, float *dst) {
    // Buffers in the order conv_create added the arguments.
    const void *buffers[4];
    int i = 0;
    buffers[i++] = src;
    buffers[i++] = wei;
    if (s->has_bias) buffers[i++] = bias;
    buffers[i++] = dst;
    return conv_run(KIND_FWD, s, buffers);
}

int nn_conv_backward_data(const nn_conv_shape *s, const float *diff_dst, const float *wei, float *diff_src) {
    nn_conv_shape k = *s;
    k.has_bias = 0;
    const void *buffers[3] = { diff_dst, wei, diff_src };
    return conv_run(KIND_BWD_DATA, &k, buffers);
}

int nn_conv_backward_weights(const nn_conv_shape *s, const float *src, const float *diff_dst,
                             float *diff_wei, float *diff_bias) {
    nn_conv_shape k = *s;
    k.has_bias = diff_bias != NULL;
    const void *buffers[4] = { src, diff_dst, diff_wei, diff_bias };
    return conv_run(KIND_BWD_WEIGHTS, &k, buffers);
}
