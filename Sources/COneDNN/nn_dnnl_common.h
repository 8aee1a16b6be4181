// Shared machinery of the oneDNN glue: engine and stream, the lock, OpenMP thread counts, and
// one cached operation = primitive + reorders between the caller's plain layouts and the
// primitive's chosen ones + scratchpad, all placed in one grow-only workspace.
#ifndef NNREPL_DNNL_COMMON_H
#define NNREPL_DNNL_COMMON_H
#include <oneapi/dnnl/dnnl.h>
#include <stddef.h>

#define NN_TRY(expr) do { dnnl_status_t nn_st_ = (expr); if (nn_st_ != dnnl_success) return nn_st_; } while (0)
#define NN_MAX_ARGS 5

typedef struct {
    int arg;                    // DNNL_ARG_*
    int output;                 // written by the primitive (reordered out after it ran)
    dnnl_memory_t user;         // the caller's plain buffer (handle set on each call)
    dnnl_memory_t inner;        // the primitive's layout in the workspace; NULL: same as user
    dnnl_primitive_t reorder;   // user -> inner for inputs, inner -> user for outputs
    size_t offset;              // of `inner` in the workspace
} nn_dnnl_arg;

typedef struct {
    dnnl_primitive_desc_t pd;
    dnnl_primitive_desc_t keep;  // a hint descriptor the primitive descriptor refers to
    dnnl_primitive_t prim;
    int nargs;
    nn_dnnl_arg args[NN_MAX_ARGS];
    dnnl_memory_t scratch;
    size_t scratch_offset;
    size_t workspace;           // bytes of workspace one call needs
} nn_dnnl_op;

dnnl_engine_t nn_dnnl_engine(void);
/// A primitive attribute with a user-provided scratchpad (as PyTorch's ideep asks for).
const_dnnl_primitive_attr_t nn_dnnl_attr(void);
/// Serialises the glue (cache, workspace) and applies this thread's OpenMP thread count.
void nn_dnnl_lock(void);
void nn_dnnl_unlock(void);

/// Adds an argument whose plain layout is `dims`/`tag` and whose primitive layout is the
/// descriptor `pd` reports for `what`/`index`.
dnnl_status_t nn_dnnl_op_add_arg(nn_dnnl_op *op, const_dnnl_primitive_desc_t pd, int arg, int output,
                                 dnnl_query_t what, int index, int ndims, const int64_t *dims,
                                 dnnl_format_tag_t tag);
/// Creates the primitive of `op->pd` (owned by `op`) and the scratchpad.
dnnl_status_t nn_dnnl_op_finish(nn_dnnl_op *op);
void nn_dnnl_op_destroy(nn_dnnl_op *op);
/// Runs: `buffers[i]` is the caller's buffer of the i-th added argument.
dnnl_status_t nn_dnnl_op_execute(nn_dnnl_op *op, const void **buffers);
/// Counts a created primitive (tests check that a steady loop creates none).
void nn_dnnl_count_created(void);
#endif
