// Declarations shared by the per-ISA kernel files and the dispatcher.
#ifndef NK_COMMON_H
#define NK_COMMON_H
#include <stdint.h>
#include <stddef.h>
#include <math.h>
#include <stdlib.h>
#include "../include/CKernels.h"

// Kernels follow ATen's roundings: a multiply and an add stay two roundings unless written as an fma.
#pragma clang fp contract(off)

/// at::internal::GRAIN_SIZE: below this many elements ATen never splits work between threads.
#define NK_GRAIN 32768

static inline int64_t nk_divup(int64_t a, int64_t b) { return (a + b - 1) / b; }

/// How at::parallel_for(0, n, grain) splits [0, n) between `threads` threads: the number of
/// chunks, each `*chunk` long (the last shorter). One chunk unless n > grain and threads > 1.
static inline int64_t nk_split(int64_t n, int64_t grain, int threads, int64_t *chunk) {
    if (threads <= 1 || n <= grain || n <= 1) { *chunk = n; return n > 0 ? 1 : 0; }
    int64_t tasks = threads;
    if (grain > 0 && nk_divup(n, grain) < tasks) tasks = nk_divup(n, grain);
    *chunk = nk_divup(n, tasks);
    return nk_divup(n, *chunk);
}

/// ceil(log2(x)), at least 1 (ATen's utils::CeilLog2).
static inline int64_t nk_ceil_log2(int64_t x) {
    if (x <= 2) return 1;
    return 64 - __builtin_clzll((uint64_t)(x - 1));
}
#endif
