#ifndef NNREPL_CLIMITS_H
#define NNREPL_CLIMITS_H
/// Bytes of stack left below the caller on the current thread (a large number when unknown).
/// The evaluator turns "almost none left" into RecursionError instead of a segfault.
long nn_stack_remaining(void);
/// The process's resident set size in bytes, or -1 when the platform does not say.
long nn_resident_bytes(void);
#endif
