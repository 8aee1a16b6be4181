// Kernel instances for AVX-512 (16 lanes). This target is compiled with -mavx512f -mavx512dq -mavx512bw -mavx512vl -mavx2 -mfma
// (Package.swift): clang passes vector arguments in registers, as SLEEF expects them, only
// when the whole file is compiled for the instruction set; a target attribute on a function is
// not enough. The dispatcher (CKernels/cpu.c) calls these only on a CPU that has them.
#include "common.h"
#include "table.h"
#include <immintrin.h>
#include "vec_avx512.h"
#define NK(name) nk_##name##_avx512
#include "body.h"
