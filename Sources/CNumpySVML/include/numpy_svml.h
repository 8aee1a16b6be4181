#ifndef NNREPL_NUMPY_SVML_H
#define NNREPL_NUMPY_SVML_H

// numpy's float transcendental loops on AVX-512 machines call Intel SVML (float64: the
// high-accuracy `_ha` functions, float32: the default ones). nnrepl loads the same library
// (libsvml.so of Intel's compiler runtime, fetched by scripts/setup) at run time and calls the same
// AVX-512 entry points one element at a time (every lane is computed alone, so the bits are
// numpy's). Without AVX-512 or the library nnrepl uses glibc's libm, as numpy does without it.

enum {
    NNREPL_SVML_EXP2, NNREPL_SVML_LOG2, NNREPL_SVML_LOG10, NNREPL_SVML_EXPM1, NNREPL_SVML_LOG1P,
    NNREPL_SVML_CBRT, NNREPL_SVML_TAN, NNREPL_SVML_ASIN, NNREPL_SVML_ACOS, NNREPL_SVML_ATAN,
    NNREPL_SVML_SINH, NNREPL_SVML_COSH, NNREPL_SVML_ASINH, NNREPL_SVML_ACOSH, NNREPL_SVML_ATANH,
    NNREPL_SVML_UNARY_COUNT
};

/// 1 when SVML is loaded and used (an AVX-512 CPU as numpy's AVX512_SKX, the library found, not
/// disabled by NNREPL_SVML=0).
int nnrepl_svml_enabled(void);
/// Where the library was loaded from, or why not.
const char *nnrepl_svml_status(void);

double nnrepl_svml_unary_f64(int function, double x);
float nnrepl_svml_unary_f32(int function, float x);
double nnrepl_svml_pow_f64(double x, double y);
float nnrepl_svml_pow_f32(float x, float y);
double nnrepl_svml_atan2_f64(double y, double x);
float nnrepl_svml_atan2_f32(float y, float x);

/// The same on n contiguous elements, a block of 8 (float64) or 16 (float32) lanes per SVML call;
/// the floating-point flags are libm's, as for the one-element functions.
void nnrepl_svml_unary_f64_n(int function, const double *x, double *out, long n);
void nnrepl_svml_unary_f32_n(int function, const float *x, float *out, long n);
void nnrepl_svml_pow_f64_n(const double *x, const double *y, double *out, long n);
void nnrepl_svml_pow_f32_n(const float *x, const float *y, float *out, long n);
void nnrepl_svml_atan2_f64_n(const double *y, const double *x, double *out, long n);
void nnrepl_svml_atan2_f32_n(const float *y, const float *x, float *out, long n);

#endif
