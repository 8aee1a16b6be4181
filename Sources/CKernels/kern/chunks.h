// at::parallel_for's chunks, for the dispatchers: FOR_CHUNKS(n, grain, threads) { ... begin, len ... }
#define NK_FOR_CHUNKS(n, grain, threads)                                               \
    for (int64_t chunk_ = 0, count_ = nk_split((n), (grain), (threads), &chunk_), c_ = 0; c_ < count_; c_++) \
        for (int64_t begin = c_ * chunk_, len = begin + chunk_ < (n) ? chunk_ : (n) - begin, once_ = 1; once_; once_ = 0)
