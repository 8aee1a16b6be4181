// Which instruction set ATen's kernels run on this CPU, and so which instance of each of our
// kernels reproduces them. ATen reports AVX512 when the CPU (and OS) support AVX-512 F, BW, DQ
// and VL, AVX2 with AVX2 and FMA; ATEN_CPU_CAPABILITY can lower it, NNREPL_CPU_CAPABILITY does
// the same here.
#include <stdlib.h>
#include <string.h>
#include "common.h"
#include "table.h"
#include "dispatch.h"

static int detect(void) {
    __builtin_cpu_init();
    int avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    int avx512 = avx2 && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
    int best = avx512 ? 2 : (avx2 ? 1 : 0);
    const char *env = getenv("NNREPL_CPU_CAPABILITY");
    if (env) {
        int asked = best;
        if (strcasecmp(env, "default") == 0) asked = 0;
        else if (strcasecmp(env, "avx2") == 0) asked = 1;
        else if (strcasecmp(env, "avx512") == 0) asked = 2;
        if (asked < best) best = asked;   // never more than the CPU has
    }
    return best;
}

static int capability = -1;
const struct nk_kernels *nk_wide = &nk_kernels_table_base;     // ATen's widest kernels here
const struct nk_kernels *nk_narrow = &nk_kernels_table_base;   // kernels ATen keeps at AVX2

__attribute__((constructor)) static void nk_cpu_init(void) {
    capability = detect();
    nk_wide = capability == 2 ? &nk_kernels_table_avx512 : capability == 1 ? &nk_kernels_table_avx2 : &nk_kernels_table_base;
    nk_narrow = capability >= 1 ? &nk_kernels_table_avx2 : &nk_kernels_table_base;
}

int nk_cpu_capability(void) {
    if (capability < 0) nk_cpu_init();
    return capability;
}

const char *nk_cpu_capability_name(void) {
    static const char *names[] = {"DEFAULT", "AVX2", "AVX512"};
    return names[nk_cpu_capability()];
}
