// The AVX-512 (16 lanes) kernel instances (kern/body_table.h); only the dispatcher uses this.
#include <stdint.h>
struct nk_kernels;
extern const struct nk_kernels nk_kernels_table_avx512;
