// Intel SVML, loaded at run time, for numpy's float loops (see include/numpy_svml.h). The library
// is not linked: nnrepl builds and runs without it, and the entry points take and return AVX-512
// vectors, so this file is compiled for AVX-512 and only called after the CPU check.
#include "numpy_svml.h"

#include <dlfcn.h>
#include <fenv.h>
#include <immintrin.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>

typedef __m512d (*unary8_t)(__m512d);
typedef __m512 (*unary16_t)(__m512);
typedef __m512d (*binary8_t)(__m512d, __m512d);
typedef __m512 (*binary16_t)(__m512, __m512);

// SVML's names for numpy's functions, in the order of the enum.
static const char *names[NNREPL_SVML_UNARY_COUNT] = {
    "exp2", "log2", "log10", "expm1", "log1p", "cbrt", "tan", "asin", "acos", "atan",
    "sinh", "cosh", "asinh", "acosh", "atanh",
};

static struct {
    int enabled;
    unary8_t u64[NNREPL_SVML_UNARY_COUNT];
    unary16_t u32[NNREPL_SVML_UNARY_COUNT];
    binary8_t pow64, atan2_64;
    binary16_t pow32, atan2_32;
    char status[600];
} svml;

static pthread_once_t svml_once = PTHREAD_ONCE_INIT;

// numpy's AVX512_SKX target: AVX512F, CD, VL, BW and DQ.
static int cpu_has_avx512_skx(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512dq");
}

static int try_dir(const char *dir) {
    char path[1024];
    // libsvml.so needs libintlc.so.5 beside it (its DT_NEEDED; loaded first, globally).
    snprintf(path, sizeof path, "%s/libintlc.so.5", dir);
    if (!dlopen(path, RTLD_LAZY | RTLD_GLOBAL)) {
        snprintf(svml.status, sizeof svml.status, "not loaded (%s)", dlerror());
        return 0;
    }
    snprintf(path, sizeof path, "%s/libsvml.so", dir);
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL);
    if (!h) {
        snprintf(svml.status, sizeof svml.status, "not loaded (%s)", dlerror());
        return 0;
    }
    // The AVX-512 ("z0") entry points numpy's SVML build uses: high accuracy for float64.
    int complete = 1;
    char name[64];
    for (int i = 0; i < NNREPL_SVML_UNARY_COUNT; i++) {
        snprintf(name, sizeof name, "__svml_%s8_ha_z0", names[i]);
        svml.u64[i] = (unary8_t)dlsym(h, name);
        snprintf(name, sizeof name, "__svml_%sf16_z0", names[i]);
        svml.u32[i] = (unary16_t)dlsym(h, name);
        complete = complete && svml.u64[i] && svml.u32[i];
    }
    svml.pow64 = (binary8_t)dlsym(h, "__svml_pow8_ha_z0");
    svml.atan2_64 = (binary8_t)dlsym(h, "__svml_atan28_ha_z0");
    svml.pow32 = (binary16_t)dlsym(h, "__svml_powf16_z0");
    svml.atan2_32 = (binary16_t)dlsym(h, "__svml_atan2f16_z0");
    complete = complete && svml.pow64 && svml.atan2_64 && svml.pow32 && svml.atan2_32;
    if (!complete) {
        snprintf(svml.status, sizeof svml.status, "not used (%s lacks the AVX-512 entry points)", path);
        return 0;
    }
    snprintf(svml.status, sizeof svml.status, "%s", path);
    return 1;
}

static void load(void) {
    const char *off = getenv("NNREPL_SVML");
    if (off && strcmp(off, "0") == 0) {
        snprintf(svml.status, sizeof svml.status, "disabled (NNREPL_SVML=0)");
        return;
    }
    if (!cpu_has_avx512_skx()) {
        snprintf(svml.status, sizeof svml.status, "not used (no AVX-512: numpy uses libm here too)");
        return;
    }
    // NNREPL_SVML_DIR, then `svml/` beside the executable (where scripts/install and the Debian
    // package put it), then the checkout's .deps/svml (scripts/setup).
    char bundled[PATH_MAX + 8] = "";
    char exe[PATH_MAX];
    if (realpath("/proc/self/exe", exe)) {
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            char candidate[PATH_MAX + 8];
            snprintf(candidate, sizeof candidate, "%s/svml", exe);
            struct stat st;
            if (stat(candidate, &st) == 0 && S_ISDIR(st.st_mode)) snprintf(bundled, sizeof bundled, "%s", candidate);
        }
    }
#ifdef NNREPL_SVML_DEFAULT_DIR
    const char *fallback = NNREPL_SVML_DEFAULT_DIR;
#else
    const char *fallback = "";
#endif
    const char *dirs[3] = {getenv("NNREPL_SVML_DIR"), bundled, fallback};
    snprintf(svml.status, sizeof svml.status, "not loaded (no directory)");
    for (int i = 0; i < 3; i++) {
        if (!dirs[i] || !dirs[i][0]) continue;
        if (try_dir(dirs[i])) { svml.enabled = 1; return; }
    }
}

int nnrepl_svml_enabled(void) {
    pthread_once(&svml_once, load);
    return svml.enabled;
}

const char *nnrepl_svml_status(void) {
    pthread_once(&svml_once, load);
    return svml.status;
}

// SVML's results, with the floating-point flags of glibc's function: numpy's warnings on these
// loops ("invalid value encountered in power" only for a NaN result, "overflow", "divide by
// zero") are the libm ones, while libsvml raises its own (invalid for any negative base of pow).
// So SVML's flags are discarded and the libm function runs for its flags alone.
typedef double (*libm64_t)(double);
typedef float (*libm32_t)(float);
static const libm64_t libm64[NNREPL_SVML_UNARY_COUNT] = {
    exp2, log2, log10, expm1, log1p, cbrt, tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh,
};
static const libm32_t libm32[NNREPL_SVML_UNARY_COUNT] = {
    exp2f, log2f, log10f, expm1f, log1pf, cbrtf, tanf, asinf, acosf, atanf, sinhf, coshf, asinhf, acoshf, atanhf,
};

#define WITH_LIBM_FLAGS(type, svml_expr, libm_expr) \
    do { \
        fexcept_t saved; \
        fegetexceptflag(&saved, FE_ALL_EXCEPT); \
        type r = (svml_expr); \
        fesetexceptflag(&saved, FE_ALL_EXCEPT); \
        volatile type flags_only = (libm_expr); \
        (void)flags_only; \
        return r; \
    } while (0)

double nnrepl_svml_unary_f64(int f, double x) {
    WITH_LIBM_FLAGS(double, _mm512_cvtsd_f64(svml.u64[f](_mm512_set1_pd(x))), libm64[f](x));
}

float nnrepl_svml_unary_f32(int f, float x) {
    WITH_LIBM_FLAGS(float, _mm512_cvtss_f32(svml.u32[f](_mm512_set1_ps(x))), libm32[f](x));
}

double nnrepl_svml_pow_f64(double x, double y) {
    WITH_LIBM_FLAGS(double, _mm512_cvtsd_f64(svml.pow64(_mm512_set1_pd(x), _mm512_set1_pd(y))), pow(x, y));
}

float nnrepl_svml_pow_f32(float x, float y) {
    WITH_LIBM_FLAGS(float, _mm512_cvtss_f32(svml.pow32(_mm512_set1_ps(x), _mm512_set1_ps(y))), powf(x, y));
}

double nnrepl_svml_atan2_f64(double y, double x) {
    WITH_LIBM_FLAGS(double, _mm512_cvtsd_f64(svml.atan2_64(_mm512_set1_pd(y), _mm512_set1_pd(x))), atan2(y, x));
}

float nnrepl_svml_atan2_f32(float y, float x) {
    WITH_LIBM_FLAGS(float, _mm512_cvtss_f32(svml.atan2_32(_mm512_set1_ps(y), _mm512_set1_ps(x))), atan2f(y, x));
}
