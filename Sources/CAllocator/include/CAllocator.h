#ifndef NNREPL_CALLOCATOR_H
#define NNREPL_CALLOCATOR_H
#include <stddef.h>
#include <stdint.h>

/// Keeps blocks up to 64 MiB on the heap and stops trimming it eagerly (glibc mallopt), so the
/// buffers a training step allocates and frees besides tensors (Swift arrays) are reused
/// instead of mmapped and page-faulted in.
void nn_tune_allocator(void);

/// Tensor storage: a caching allocator. Freed blocks are kept in free lists by size class and
/// handed out again, so a training loop, which allocates the same sizes every step, stops
/// asking the OS for memory (and page-faulting it in) after its first step. Blocks are
/// 64-byte aligned. `zeroed`: the first `bytes` bytes are zero.
void *nn_storage_alloc(size_t bytes, int zeroed);
/// Returns a block from nn_storage_alloc; `bytes` is the size it was allocated with.
void nn_storage_free(void *block, size_t bytes);
/// Frees every cached block (the OS gets the memory back).
void nn_storage_release_cache(void);

typedef struct {
    int64_t os_allocations;   // blocks obtained from the OS (posix_memalign) so far
    int64_t cache_hits;       // allocations served from the cache
    int64_t cached_bytes;     // bytes held in free lists now
    int64_t live_bytes;       // bytes of blocks handed out and not yet returned (size classes)
} nn_storage_stats;
nn_storage_stats nn_storage_get_stats(void);
#endif
