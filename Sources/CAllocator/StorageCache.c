// The caching allocator for tensor storage (see CAllocator.h). PyTorch's CPU allocator asks
// the C library each time; nnrepl keeps freed blocks by size class, like PyTorch's caching
// allocators, because a learner's training loop reallocates the same shapes every step and the
// C library would return large blocks to the OS and page-fault them back in.
//
// Size classes: multiples of 64 bytes up to 4 KiB, then 8 classes per power of two (at most
// 12.5% rounding). A free list is a singly linked list threaded through the free blocks
// themselves. The cache holds at most CACHE_LIMIT bytes; blocks beyond it go back to the OS.
#include "CAllocator.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SMALL_LIMIT 4096
#define SMALL_CLASSES (SMALL_LIMIT / 64)
#define STEPS_PER_DOUBLING 8
#define MAX_CLASSES (SMALL_CLASSES + 64 * STEPS_PER_DOUBLING)
#define CACHE_LIMIT ((size_t)1 << 30)

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *free_lists[MAX_CLASSES];
static nn_storage_stats stats;

// The class of a request and the block size it rounds up to.
static int size_class(size_t bytes, size_t *rounded) {
    if (bytes == 0) bytes = 1;
    if (bytes <= SMALL_LIMIT) {
        size_t c = (bytes + 63) / 64;
        *rounded = c * 64;
        return (int)c - 1;
    }
    // bytes in (2^k, 2^(k+1)]: steps of 2^k / 8.
    int k = 63 - __builtin_clzll((unsigned long long)(bytes - 1));
    size_t step = (size_t)1 << (k - 3);
    size_t base = (size_t)1 << k;
    size_t i = (bytes - base + step - 1) / step;       // 1 ... 8
    *rounded = base + i * step;
    return SMALL_CLASSES + (k - 12) * STEPS_PER_DOUBLING + (int)i - 1;
}

void *nn_storage_alloc(size_t bytes, int zeroed) {
    size_t rounded;
    int c = size_class(bytes, &rounded);
    void *block = NULL;
    pthread_mutex_lock(&lock);
    if (c < MAX_CLASSES && free_lists[c]) {
        block = free_lists[c];
        free_lists[c] = *(void **)block;
        stats.cached_bytes -= (int64_t)rounded;
        stats.cache_hits++;
    }
    stats.live_bytes += (int64_t)rounded;
    pthread_mutex_unlock(&lock);
    if (!block) {
        if (posix_memalign(&block, 64, rounded) != 0) {
            // Out of memory: give the cache back and try once more.
            nn_storage_release_cache();
            if (posix_memalign(&block, 64, rounded) != 0) {
                pthread_mutex_lock(&lock);
                stats.live_bytes -= (int64_t)rounded;
                pthread_mutex_unlock(&lock);
                return NULL;
            }
        }
        pthread_mutex_lock(&lock);
        stats.os_allocations++;
        pthread_mutex_unlock(&lock);
    }
    if (zeroed) memset(block, 0, bytes);
    return block;
}

void nn_storage_free(void *block, size_t bytes) {
    if (!block) return;
    size_t rounded;
    int c = size_class(bytes, &rounded);
    pthread_mutex_lock(&lock);
    stats.live_bytes -= (int64_t)rounded;
    if (c < MAX_CLASSES && (size_t)stats.cached_bytes + rounded <= CACHE_LIMIT) {
        *(void **)block = free_lists[c];
        free_lists[c] = block;
        stats.cached_bytes += (int64_t)rounded;
        block = NULL;
    }
    pthread_mutex_unlock(&lock);
    free(block);
}

void nn_storage_release_cache(void) {
    pthread_mutex_lock(&lock);
    for (int c = 0; c < MAX_CLASSES; c++) {
        void *b = free_lists[c];
        while (b) {
            void *next = *(void **)b;
            free(b);
            b = next;
        }
        free_lists[c] = NULL;
    }
    stats.cached_bytes = 0;
    pthread_mutex_unlock(&lock);
}

nn_storage_stats nn_storage_get_stats(void) {
    pthread_mutex_lock(&lock);
    nn_storage_stats s = stats;
    pthread_mutex_unlock(&lock);
    return s;
}
