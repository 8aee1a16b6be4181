// The kernel instances chosen for this CPU (cpu.c). ATen compiles most kernels for AVX512 but
// registers only some of them (ALSO_REGISTER_AVX512_DISPATCH); the rest run their AVX2 build
// even on an AVX-512 CPU. `nk_wide` mirrors the first group, `nk_narrow` the second.
#ifndef NK_DISPATCH_H
#define NK_DISPATCH_H
#include "table.h"
extern const struct nk_kernels *nk_wide;
extern const struct nk_kernels *nk_narrow;
#endif
