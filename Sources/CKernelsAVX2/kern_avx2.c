// Kernel instances for AVX2 + FMA (8 lanes). This target is compiled with -mavx2 -mfma
// (Package.swift): clang passes vector arguments in registers, as SLEEF expects them, only
// when the whole file is compiled for the instruction set; a target attribute on a function is
// not enough. The dispatcher (CKernels/cpu.c) calls these only on a CPU that has them.
#include "common.h"
#include "table.h"
#include <immintrin.h>
#include "vec_avx2.h"
#define NK(name) nk_##name##_avx2
#include "body.h"
