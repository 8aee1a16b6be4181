#ifndef NNREPL_CALLOCATOR_H
#define NNREPL_CALLOCATOR_H
/// Keeps blocks up to 64 MiB on the heap and stops trimming it eagerly (glibc mallopt), so the
/// tensors a training step allocates and frees are reused instead of mmapped and page-faulted in.
void nn_tune_allocator(void);
#endif
