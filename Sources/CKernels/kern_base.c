// Kernel instances for CPUs without AVX2: 8 lanes in plain C (kern/vec_base.h), the same order
// as the AVX2 instances.
#include "common.h"
#include "table.h"
#include "vec_base.h"
#define NK(name) nk_##name##_base
#include "body.h"
