#include "COneDNN.h"
#include "nn_dnnl_common.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static dnnl_engine_t engine;
static dnnl_stream_t stream;
static dnnl_primitive_attr_t attr;
static int threads = 1;
static int64_t created = 0;
static void *workspace = NULL;
static size_t workspace_size = 0;

// oneDNN's OpenMP runtime (libgomp, loaded as libdnnl's dependency) takes its thread count from
// the calling thread's OpenMP state, which omp_set_num_threads sets per thread. The functions
// are looked up at run time so that nnrepl needs no link-time dependency on one OpenMP library.
static int (*omp_get_max_threads_fn)(void);
static void (*omp_set_num_threads_fn)(int);

static void init(void) {
    dnnl_engine_create(&engine, dnnl_cpu, 0);
    dnnl_stream_create(&stream, engine, dnnl_stream_default_flags);
    dnnl_primitive_attr_create(&attr);
    dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user);
    omp_get_max_threads_fn = (int (*)(void))dlsym(RTLD_DEFAULT, "omp_get_max_threads");
    omp_set_num_threads_fn = (void (*)(int))dlsym(RTLD_DEFAULT, "omp_set_num_threads");
}

dnnl_engine_t nn_dnnl_engine(void) { return engine; }
const_dnnl_primitive_attr_t nn_dnnl_attr(void) { return attr; }

void nn_dnnl_lock(void) {
    pthread_once(&once, init);
    pthread_mutex_lock(&lock);
    if (omp_get_max_threads_fn && omp_set_num_threads_fn && omp_get_max_threads_fn() != threads)
        omp_set_num_threads_fn(threads);
}

void nn_dnnl_unlock(void) { pthread_mutex_unlock(&lock); }

void nn_dnnl_set_num_threads(int n) {
    pthread_mutex_lock(&lock);
    threads = n < 1 ? 1 : n;
    pthread_mutex_unlock(&lock);
}

int nn_dnnl_get_num_threads(void) { return threads; }
int64_t nn_dnnl_primitives_created(void) { return created; }
void nn_dnnl_count_created(void) { created++; }

static size_t align64(size_t n) { return (n + 63) & ~(size_t)63; }

dnnl_status_t nn_dnnl_op_add_arg(nn_dnnl_op *op, const_dnnl_primitive_desc_t pd, int arg, int output,
                                 dnnl_query_t what, int index, int ndims, const int64_t *dims,
                                 dnnl_format_tag_t tag) {
    if (op->nargs == NN_MAX_ARGS) return dnnl_invalid_arguments;
    nn_dnnl_arg *a = &op->args[op->nargs++];
    memset(a, 0, sizeof *a);
    a->arg = arg;
    a->output = output;
    dnnl_memory_desc_t user_md;
    NN_TRY(dnnl_memory_desc_init_by_tag(&user_md, ndims, dims, dnnl_f32, tag));
    NN_TRY(dnnl_memory_create(&a->user, &user_md, engine, DNNL_MEMORY_NONE));
    const dnnl_memory_desc_t *inner_md = dnnl_primitive_desc_query_md(pd, what, index);
    if (!inner_md) return dnnl_invalid_arguments;
    if (dnnl_memory_desc_equal(&user_md, inner_md)) return dnnl_success;
    NN_TRY(dnnl_memory_create(&a->inner, inner_md, engine, DNNL_MEMORY_NONE));
    dnnl_primitive_desc_t rpd;
    if (output) {
        NN_TRY(dnnl_reorder_primitive_desc_create(&rpd, inner_md, engine, &user_md, engine, NULL));
    } else {
        NN_TRY(dnnl_reorder_primitive_desc_create(&rpd, &user_md, engine, inner_md, engine, NULL));
    }
    dnnl_status_t st = dnnl_primitive_create(&a->reorder, rpd);
    dnnl_primitive_desc_destroy(rpd);
    NN_TRY(st);
    nn_dnnl_count_created();
    a->offset = op->workspace;
    op->workspace += align64(dnnl_memory_desc_get_size(inner_md));
    return dnnl_success;
}

dnnl_status_t nn_dnnl_op_finish(nn_dnnl_op *op) {
    const_dnnl_primitive_desc_t pd = op->pd;
    NN_TRY(dnnl_primitive_create(&op->prim, pd));
    nn_dnnl_count_created();
    const dnnl_memory_desc_t *scratch_md = dnnl_primitive_desc_query_md(pd, dnnl_query_scratchpad_md, 0);
    if (scratch_md && dnnl_memory_desc_get_size(scratch_md) > 0) {
        NN_TRY(dnnl_memory_create(&op->scratch, scratch_md, engine, DNNL_MEMORY_NONE));
        op->scratch_offset = op->workspace;
        op->workspace += align64(dnnl_memory_desc_get_size(scratch_md));
    }
    return dnnl_success;
}

void nn_dnnl_op_destroy(nn_dnnl_op *op) {
    for (int i = 0; i < op->nargs; i++) {
        nn_dnnl_arg *a = &op->args[i];
        if (a->user) dnnl_memory_destroy(a->user);
        if (a->inner) dnnl_memory_destroy(a->inner);
        if (a->reorder) dnnl_primitive_destroy(a->reorder);
    }
    if (op->scratch) dnnl_memory_destroy(op->scratch);
    if (op->prim) dnnl_primitive_destroy(op->prim);
    if (op->pd) dnnl_primitive_desc_destroy(op->pd);
    if (op->keep) dnnl_primitive_desc_destroy(op->keep);
    memset(op, 0, sizeof *op);
}

static dnnl_status_t ensure_workspace(size_t bytes) {
    if (bytes <= workspace_size) return dnnl_success;
    free(workspace);
    workspace = NULL;
    workspace_size = 0;
    if (posix_memalign(&workspace, 64, bytes) != 0) { workspace = NULL; return dnnl_out_of_memory; }
    workspace_size = bytes;
    return dnnl_success;
}

static dnnl_status_t reorder(dnnl_primitive_t r, dnnl_memory_t from, dnnl_memory_t to) {
    dnnl_exec_arg_t args[2] = { { DNNL_ARG_FROM, from }, { DNNL_ARG_TO, to } };
    return dnnl_primitive_execute(r, stream, 2, args);
}

dnnl_status_t nn_dnnl_op_execute(nn_dnnl_op *op, const void **buffers) {
    NN_TRY(ensure_workspace(op->workspace));
    char *ws = workspace;
    dnnl_exec_arg_t args[NN_MAX_ARGS + 1];
    int n = 0;
    for (int i = 0; i < op->nargs; i++) {
        nn_dnnl_arg *a = &op->args[i];
        NN_TRY(dnnl_memory_set_data_handle(a->user, (void *)buffers[i]));
        if (a->inner) {
            NN_TRY(dnnl_memory_set_data_handle(a->inner, ws + a->offset));
            if (!a->output) NN_TRY(reorder(a->reorder, a->user, a->inner));
        }
        args[n].arg = a->arg;
        args[n].memory = a->inner ? a->inner : a->user;
        n++;
    }
    if (op->scratch) {
        NN_TRY(dnnl_memory_set_data_handle(op->scratch, ws + op->scratch_offset));
        args[n].arg = DNNL_ARG_SCRATCHPAD;
        args[n].memory = op->scratch;
        n++;
    }
    NN_TRY(dnnl_primitive_execute(op->prim, stream, n, args));
    for (int i = 0; i < op->nargs; i++) {
        nn_dnnl_arg *a = &op->args[i];
        if (a->inner && a->output) NN_TRY(reorder(a->reorder, a->inner, a->user));
    }
    return dnnl_stream_wait(stream);
}
