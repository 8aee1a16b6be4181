// The BLAS and vector-math backends. PyTorch's CPU wheel computes float32 matrix products with
// MKL's sgemm and exp/log/sqrt/tanh/... with MKL's VML; calling the same MKL release the same way
// gives the same bits. MKL is loaded at run time (dlopen) so that nnrepl builds and runs without
// it: then OpenBLAS does the products and glibc the vector math (close to PyTorch, not always
// bit-identical). Where MKL is looked for: $NNREPL_MKL_DIR, the mkl/ folder beside the executable
// (an install's bundled copy), the .deps/mkl/lib folder that scripts/setup fills (baked in at build
// time), then the system's library path.
// NNREPL_MKL=0 turns MKL off (to exercise the fallback).
#include <dlfcn.h>
#include <limits.h>
#include <sys/stat.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <sleef.h>
#include "common.h"

#ifndef NNREPL_MKL_DEFAULT_DIR
#define NNREPL_MKL_DEFAULT_DIR ""
#endif

// MKL's Fortran-style LP64 interface (mkl_blas.h, mkl_vml_functions.h); MKL_INT is int.
typedef void (*gemm_f32_t)(const char *, const char *, const int *, const int *, const int *, const float *,
                           const float *, const int *, const float *, const int *, const float *, float *, const int *);
typedef void (*gemm_f64_t)(const char *, const char *, const int *, const int *, const int *, const double *,
                           const double *, const int *, const double *, const int *, const double *, double *, const int *);
typedef void (*gemv_f32_t)(const char *, const int *, const int *, const float *, const float *, const int *,
                           const float *, const int *, const float *, float *, const int *);
typedef void (*gemm_batch_f32_t)(const char *, const char *, const int *, const int *, const int *, const float *,
                                 const float **, const int *, const float **, const int *, const float *, float **,
                                 const int *, const int *, const int *);
typedef float (*dot_f32_t)(const int *, const float *, const int *, const float *, const int *);
typedef void (*vml_f32_t)(int, const float *, float *, long long);
typedef void (*vml_f64_t)(int, const double *, double *, long long);
typedef void (*version_t)(char *, int);
// LAPACK's Householder QR: geqrf, then orgqr for Q (torch.linalg.qr on CPU).
typedef void (*geqrf_f32_t)(const int *, const int *, float *, const int *, float *, float *, const int *, int *);
typedef void (*geqrf_f64_t)(const int *, const int *, double *, const int *, double *, double *, const int *, int *);
typedef void (*orgqr_f32_t)(const int *, const int *, const int *, float *, const int *, const float *, float *, const int *, int *);
typedef void (*orgqr_f64_t)(const int *, const int *, const int *, double *, const int *, const double *, double *, const int *, int *);
// LAPACK's divide-and-conquer SVD (the driver torch.linalg.svd uses on CPU).
typedef void (*gesdd_f32_t)(const char *, const int *, const int *, float *, const int *, float *, float *, const int *,
                            float *, const int *, float *, const int *, int *, int *);
typedef void (*gesdd_f64_t)(const char *, const int *, const int *, double *, const int *, double *, double *, const int *,
                            double *, const int *, double *, const int *, int *, int *);

// OpenBLAS's Fortran interface: the fallback.
void sgemm_(const char *, const char *, const int *, const int *, const int *, const float *, const float *,
            const int *, const float *, const int *, const float *, float *, const int *);
void dgemm_(const char *, const char *, const int *, const int *, const int *, const double *, const double *,
            const int *, const double *, const int *, const double *, double *, const int *);
void sgemv_(const char *, const int *, const int *, const float *, const float *, const int *, const float *,
            const int *, const float *, float *, const int *);
float sdot_(const int *, const float *, const int *, const float *, const int *);
// LAPACK's LU (OpenBLAS bundles LAPACK): linalg.inv and linalg.det.
void sgetrf_(const int *, const int *, float *, const int *, int *, int *);
void dgetrf_(const int *, const int *, double *, const int *, int *, int *);
void sgetrs_(const char *, const int *, const int *, const float *, const int *, const int *, float *, const int *, int *);
void dgetrs_(const char *, const int *, const int *, const double *, const int *, const int *, double *, const int *, int *);
typedef void (*getrf_f32_t)(const int *, const int *, float *, const int *, int *, int *);
typedef void (*getrf_f64_t)(const int *, const int *, double *, const int *, int *, int *);
typedef void (*getrs_f32_t)(const char *, const int *, const int *, const float *, const int *, const int *, float *, const int *, int *);
typedef void (*getrs_f64_t)(const char *, const int *, const int *, const double *, const int *, const int *, double *, const int *, int *);
void sgeqrf_(const int *, const int *, float *, const int *, float *, float *, const int *, int *);
void dgeqrf_(const int *, const int *, double *, const int *, double *, double *, const int *, int *);
void sorgqr_(const int *, const int *, const int *, float *, const int *, const float *, float *, const int *, int *);
void dorgqr_(const int *, const int *, const int *, double *, const int *, const double *, double *, const int *, int *);
void sgesdd_(const char *, const int *, const int *, float *, const int *, float *, float *, const int *, float *,
             const int *, float *, const int *, int *, int *);
void dgesdd_(const char *, const int *, const int *, double *, const int *, double *, double *, const int *, double *,
             const int *, double *, const int *, int *, int *);

// VML_HA | VML_FTZDAZ_OFF | VML_ERRMODE_IGNORE, the mode ATen passes (aten/src/ATen/cpu/vml.h).
#define NK_VML_MODE (0x00000002LL | 0x00140000LL | 0x00000100LL)

enum { VML_EXP, VML_LN, VML_SQRT, VML_TANH, VML_SIN, VML_COS, VML_TAN, VML_ATAN, VML_ERF, VML_LOG10, VML_LOG2, VML_COUNT };
static const char *vml_names[VML_COUNT] = {"Exp", "Ln", "Sqrt", "Tanh", "Sin", "Cos", "Tan", "Atan", "Erf", "Log10", "Log2"};

static struct {
    int loaded;
    gemm_f32_t sgemm;
    gemm_f64_t dgemm;
    gemv_f32_t sgemv;
    dot_f32_t sdot;
    gemm_batch_f32_t sgemm_batch;
    // LAPACK: optional (OpenBLAS's when an MKL lacks them).
    getrf_f32_t sgetrf;
    getrf_f64_t dgetrf;
    getrs_f32_t sgetrs;
    getrs_f64_t dgetrs;
    geqrf_f32_t sgeqrf;
    geqrf_f64_t dgeqrf;
    orgqr_f32_t sorgqr;
    orgqr_f64_t dorgqr;
    gesdd_f32_t sgesdd;
    gesdd_f64_t dgesdd;
    vml_f32_t vms[VML_COUNT];
    vml_f64_t vmd[VML_COUNT];
    char version[128];
    char dir[512];
    char failure[256];
} mkl;

static pthread_once_t mkl_once = PTHREAD_ONCE_INIT;

static int try_dir(const char *dir) {
    // The sequential LP64 layers; their cross references resolve through the global scope.
    static const char *libs[] = {"libmkl_core.so.2", "libmkl_sequential.so.2", "libmkl_intel_lp64.so.2"};
    void *handles[3] = {0};
    for (int i = 0; i < 3; i++) {
        char path[1024];
        if (dir[0]) snprintf(path, sizeof path, "%s/%s", dir, libs[i]);
        else snprintf(path, sizeof path, "%s", libs[i]);
        handles[i] = dlopen(path, RTLD_LAZY | RTLD_GLOBAL);
        if (!handles[i]) {
            snprintf(mkl.failure, sizeof mkl.failure, "%s", dlerror());
            for (int j = i - 1; j >= 0; j--) dlclose(handles[j]);
            return 0;
        }
    }
    void *lp64 = handles[2];
    mkl.sgemm = (gemm_f32_t)dlsym(lp64, "sgemm_");
    mkl.dgemm = (gemm_f64_t)dlsym(lp64, "dgemm_");
    mkl.sgemv = (gemv_f32_t)dlsym(lp64, "sgemv_");
    mkl.sdot = (dot_f32_t)dlsym(lp64, "sdot_");
    mkl.sgemm_batch = (gemm_batch_f32_t)dlsym(lp64, "sgemm_batch");
    mkl.sgetrf = (getrf_f32_t)dlsym(lp64, "sgetrf_");
    mkl.dgetrf = (getrf_f64_t)dlsym(lp64, "dgetrf_");
    mkl.sgetrs = (getrs_f32_t)dlsym(lp64, "sgetrs_");
    mkl.dgetrs = (getrs_f64_t)dlsym(lp64, "dgetrs_");
    mkl.sgeqrf = (geqrf_f32_t)dlsym(lp64, "sgeqrf_");
    mkl.dgeqrf = (geqrf_f64_t)dlsym(lp64, "dgeqrf_");
    mkl.sorgqr = (orgqr_f32_t)dlsym(lp64, "sorgqr_");
    mkl.dorgqr = (orgqr_f64_t)dlsym(lp64, "dorgqr_");
    mkl.sgesdd = (gesdd_f32_t)dlsym(lp64, "sgesdd_");   // optional: OpenBLAS's LAPACK otherwise
    mkl.dgesdd = (gesdd_f64_t)dlsym(lp64, "dgesdd_");
    int complete = mkl.sgemm && mkl.dgemm && mkl.sgemv && mkl.sdot && mkl.sgemm_batch;
    for (int i = 0; i < VML_COUNT; i++) {
        char name[32];
        snprintf(name, sizeof name, "vms%s", vml_names[i]);
        mkl.vms[i] = (vml_f32_t)dlsym(lp64, name);
        snprintf(name, sizeof name, "vmd%s", vml_names[i]);
        mkl.vmd[i] = (vml_f64_t)dlsym(lp64, name);
        complete = complete && mkl.vms[i] && mkl.vmd[i];
    }
    version_t version = (version_t)dlsym(lp64, "MKL_Get_Version_String");
    if (!complete || !version) {
        snprintf(mkl.failure, sizeof mkl.failure, "%s: an MKL library without the expected functions", dir[0] ? dir : "system path");
        memset(mkl.vms, 0, sizeof mkl.vms);
        memset(mkl.vmd, 0, sizeof mkl.vmd);
        mkl.sgemm = NULL; mkl.dgemm = NULL; mkl.sgemv = NULL; mkl.sdot = NULL; mkl.sgemm_batch = NULL;
        return 0;   // the libraries stay loaded: unloading MKL is not safe
    }
    version(mkl.version, (int)sizeof mkl.version);
    snprintf(mkl.dir, sizeof mkl.dir, "%s", dir[0] ? dir : "the system library path");
    return 1;
}

/// `mkl/` beside the executable (symbolic links resolved): where scripts/install and the Debian
/// package put MKL (PREFIX/lib/nnrepl/mkl beside PREFIX/lib/nnrepl/nnrepl), so an install finds
/// its own copy wherever it is moved. Empty when there is no such folder (a build in a checkout).
static void bundled_mkl_dir(char *out, size_t size) {
    char exe[PATH_MAX];
    if (!realpath("/proc/self/exe", exe)) return;
    char *slash = strrchr(exe, '/');
    if (!slash) return;
    *slash = 0;
    char dir[PATH_MAX + 8];
    snprintf(dir, sizeof dir, "%s/mkl", exe);
    struct stat st;
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode)) snprintf(out, size, "%s", dir);
}

static void load_mkl(void) {
    const char *off = getenv("NNREPL_MKL");
    if (off && strcmp(off, "0") == 0) {
        snprintf(mkl.failure, sizeof mkl.failure, "disabled by NNREPL_MKL=0");
        return;
    }
    char bundled[PATH_MAX + 8] = "";
    bundled_mkl_dir(bundled, sizeof bundled);
    const char *dirs[4] = {getenv("NNREPL_MKL_DIR"), bundled, NNREPL_MKL_DEFAULT_DIR, ""};
    for (int i = 0; i < 4; i++) {
        if (!dirs[i] || (i < 3 && !dirs[i][0])) continue;
        if (try_dir(dirs[i])) { mkl.loaded = 1; return; }
    }
}

int nk_mkl_loaded(void) {
    pthread_once(&mkl_once, load_mkl);
    return mkl.loaded;
}

/// For torch.__config__.show() and the docs: which library computes products and vector math.
const char *nk_backend_description(void) {
    static char text[1200];
    if (nk_mkl_loaded())
        snprintf(text, sizeof text, "%s (from %s): matrix products and VML math, as in PyTorch's CPU wheel", mkl.version, mkl.dir);
    else
        snprintf(text, sizeof text, "OpenBLAS for matrix products and glibc for vector math (Intel MKL not loaded: %s); "
                 "results can differ from PyTorch's in the last bit", mkl.failure[0] ? mkl.failure : "not found");
    return text;
}

void nk_sgemm(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float *a, int64_t lda,
              const float *b, int64_t ldb, float beta, float *c, int64_t ldc) {
    int m_ = (int)m, n_ = (int)n, k_ = (int)k, lda_ = (int)lda, ldb_ = (int)ldb, ldc_ = (int)ldc;
    (nk_mkl_loaded() ? mkl.sgemm : sgemm_)(&transa, &transb, &m_, &n_, &k_, &alpha, a, &lda_, b, &ldb_, &beta, c, &ldc_);
}

void nk_dgemm(char transa, char transb, int64_t m, int64_t n, int64_t k, double alpha, const double *a, int64_t lda,
              const double *b, int64_t ldb, double beta, double *c, int64_t ldc) {
    int m_ = (int)m, n_ = (int)n, k_ = (int)k, lda_ = (int)lda, ldb_ = (int)ldb, ldc_ = (int)ldc;
    (nk_mkl_loaded() ? mkl.dgemm : dgemm_)(&transa, &transb, &m_, &n_, &k_, &alpha, a, &lda_, b, &ldb_, &beta, c, &ldc_);
}

/// Reduced QR of a column-major m×n matrix `a`, as ATen's linalg_qr does it: geqrf on `a`
/// (workspace queried first), R = the upper triangle of its first k = min(m, n) rows (written
/// column-major k×n to `r`), then orgqr turns the first k columns of `a` into Q (m×k, lda m).
/// Returns LAPACK's info.
#define NK_QR_BODY(T, GEQRF, ORGQR, MKLGEQRF, MKLORGQR) \
    int m_ = (int)m, n_ = (int)n, k = m_ < n_ ? m_ : n_, lda = m_ > 1 ? m_ : 1, info = 0, lwork = -1; \
    T *tau = malloc(sizeof(T) * (size_t)(k > 0 ? k : 1)); \
    T query = 0; \
    (nk_mkl_loaded() && MKLGEQRF ? MKLGEQRF : GEQRF)(&m_, &n_, a, &lda, tau, &query, &lwork, &info); \
    lwork = (int)query > 1 ? (int)query : 1; \
    T *work = malloc(sizeof(T) * (size_t)lwork); \
    (nk_mkl_loaded() && MKLGEQRF ? MKLGEQRF : GEQRF)(&m_, &n_, a, &lda, tau, work, &lwork, &info); \
    free(work); \
    if (info == 0) { \
        for (int j = 0; j < n_; j++) \
            for (int i = 0; i < k; i++) r[i + (int64_t)j * k] = j >= i ? a[i + (int64_t)j * m_] : 0; \
        lwork = -1; \
        (nk_mkl_loaded() && MKLORGQR ? MKLORGQR : ORGQR)(&m_, &k, &k, a, &lda, tau, &query, &lwork, &info); \
        lwork = (int)query > 1 ? (int)query : 1; \
        work = malloc(sizeof(T) * (size_t)lwork); \
        (nk_mkl_loaded() && MKLORGQR ? MKLORGQR : ORGQR)(&m_, &k, &k, a, &lda, tau, work, &lwork, &info); \
        free(work); \
    } \
    free(tau); \
    return info;

int nk_sqr(int64_t m, int64_t n, float *a, float *r) { NK_QR_BODY(float, sgeqrf_, sorgqr_, mkl.sgeqrf, mkl.sorgqr) }
int nk_dqr(int64_t m, int64_t n, double *a, double *r) { NK_QR_BODY(double, dgeqrf_, dorgqr_, mkl.dgeqrf, mkl.dorgqr) }

/// SVD of a column-major m×n matrix `a` (overwritten), jobz 'S' or 'A' or 'N', as ATen's
/// apply_svd calls gesdd: a workspace query first, then the call with that workspace.
/// Returns LAPACK's info (0 on success).
int nk_sgesdd(char jobz, int64_t m, int64_t n, float *a, float *s, float *u, int64_t ldu, float *vt, int64_t ldvt) {
    int m_ = (int)m, n_ = (int)n, lda = m_ > 1 ? m_ : 1, ldu_ = (int)ldu, ldvt_ = (int)ldvt, info = 0, lwork = -1;
    int mn = m_ < n_ ? m_ : n_;
    int *iwork = malloc(sizeof(int) * (size_t)(8 * (mn > 1 ? mn : 1)));
    gesdd_f32_t f = nk_mkl_loaded() && mkl.sgesdd ? mkl.sgesdd : sgesdd_;
    float query = 0;
    f(&jobz, &m_, &n_, a, &lda, s, u, &ldu_, vt, &ldvt_, &query, &lwork, iwork, &info);
    lwork = (int)query > 1 ? (int)query : 1;
    float *work = malloc(sizeof(float) * (size_t)lwork);
    f(&jobz, &m_, &n_, a, &lda, s, u, &ldu_, vt, &ldvt_, work, &lwork, iwork, &info);
    free(work);
    free(iwork);
    return info;
}

int nk_dgesdd(char jobz, int64_t m, int64_t n, double *a, double *s, double *u, int64_t ldu, double *vt, int64_t ldvt) {
    int m_ = (int)m, n_ = (int)n, lda = m_ > 1 ? m_ : 1, ldu_ = (int)ldu, ldvt_ = (int)ldvt, info = 0, lwork = -1;
    int mn = m_ < n_ ? m_ : n_;
    int *iwork = malloc(sizeof(int) * (size_t)(8 * (mn > 1 ? mn : 1)));
    gesdd_f64_t f = nk_mkl_loaded() && mkl.dgesdd ? mkl.dgesdd : dgesdd_;
    double query = 0;
    f(&jobz, &m_, &n_, a, &lda, s, u, &ldu_, vt, &ldvt_, &query, &lwork, iwork, &info);
    lwork = (int)query > 1 ? (int)query : 1;
    double *work = malloc(sizeof(double) * (size_t)lwork);
    f(&jobz, &m_, &n_, a, &lda, s, u, &ldu_, vt, &ldvt_, work, &lwork, iwork, &info);
    free(work);
    free(iwork);
    return info;
}

/// A batch of equally shaped products at fixed strides: one MKL batch call (one group), as
/// ATen's gemm_batched_with_stride makes it; without MKL, one sgemm per item.
void nk_sgemm_batch_strided(char transa, char transb, int64_t batch, int64_t m, int64_t n, int64_t k, float alpha,
                            const float *a, int64_t lda, int64_t stride_a, const float *b, int64_t ldb, int64_t stride_b,
                            float beta, float *c, int64_t ldc, int64_t stride_c) {
    if (batch <= 0) return;
    if (!nk_mkl_loaded()) {
        for (int64_t i = 0; i < batch; i++)
            nk_sgemm(transa, transb, m, n, k, alpha, a + i * stride_a, lda, b + i * stride_b, ldb, beta, c + i * stride_c, ldc);
        return;
    }
    const float **ap = malloc(sizeof(float *) * (size_t)batch), **bp = malloc(sizeof(float *) * (size_t)batch);
    float **cp = malloc(sizeof(float *) * (size_t)batch);
    for (int64_t i = 0; i < batch; i++) { ap[i] = a + i * stride_a; bp[i] = b + i * stride_b; cp[i] = c + i * stride_c; }
    int m_ = (int)m, n_ = (int)n, k_ = (int)k, lda_ = (int)lda, ldb_ = (int)ldb, ldc_ = (int)ldc, groups = 1, size = (int)batch;
    mkl.sgemm_batch(&transa, &transb, &m_, &n_, &k_, &alpha, ap, &lda_, bp, &ldb_, &beta, cp, &ldc_, &groups, &size);
    free(ap); free(bp); free(cp);
}

void nk_sgemv(char trans, int64_t m, int64_t n, float alpha, const float *a, int64_t lda, const float *x, int64_t incx,
              float beta, float *y, int64_t incy) {
    int m_ = (int)m, n_ = (int)n, lda_ = (int)lda, incx_ = (int)incx, incy_ = (int)incy;
    (nk_mkl_loaded() ? mkl.sgemv : sgemv_)(&trans, &m_, &n_, &alpha, a, &lda_, x, &incx_, &beta, y, &incy_);
}

/// LU with partial pivoting of a column-major n×n matrix (ATen's lapackLu): MKL's getrf as in
/// PyTorch's build, OpenBLAS's without MKL.
void nk_sgetrf(int n, float *a, int lda, int *ipiv, int *info) {
    getrf_f32_t f = nk_mkl_loaded() && mkl.sgetrf ? mkl.sgetrf : sgetrf_;
    f(&n, &n, a, &lda, ipiv, info);
}
void nk_dgetrf(int n, double *a, int lda, int *ipiv, int *info) {
    getrf_f64_t f = nk_mkl_loaded() && mkl.dgetrf ? mkl.dgetrf : dgetrf_;
    f(&n, &n, a, &lda, ipiv, info);
}
/// Solves A X = B ('N') or Aᵀ X = B ('T') from getrf's factors; B column-major, overwritten.
void nk_sgetrs(char trans, int n, int nrhs, const float *a, int lda, const int *ipiv, float *b, int ldb) {
    int info = 0;
    getrs_f32_t f = nk_mkl_loaded() && mkl.sgetrs ? mkl.sgetrs : sgetrs_;
    f(&trans, &n, &nrhs, a, &lda, ipiv, b, &ldb, &info);
}
void nk_dgetrs(char trans, int n, int nrhs, const double *a, int lda, const int *ipiv, double *b, int ldb) {
    int info = 0;
    getrs_f64_t f = nk_mkl_loaded() && mkl.dgetrs ? mkl.dgetrs : dgetrs_;
    f(&trans, &n, &nrhs, a, &lda, ipiv, b, &ldb, &info);
}

float nk_sdot(int64_t n, const float *x, int64_t incx, const float *y, int64_t incy) {
    int n_ = (int)n, incx_ = (int)incx, incy_ = (int)incy;
    return (nk_mkl_loaded() ? mkl.sdot : sdot_)(&n_, x, &incx_, y, &incy_);
}

// ---- VML: every element independently, so one call over the whole buffer (ATen splits very
// large buffers at INT_MAX, which changes nothing). Without MKL: glibc, element by element.

static float f_exp(float x) { return expf(x); }
static float f_log(float x) { return logf(x); }
static float f_sqrt(float x) { return sqrtf(x); }
static float f_tanh(float x) { return tanhf(x); }
static float f_sin(float x) { return sinf(x); }
static float f_cos(float x) { return cosf(x); }
static float f_tan(float x) { return tanf(x); }
static float f_atan(float x) { return atanf(x); }
static float f_erf(float x) { return erff(x); }
static float f_log10(float x) { return log10f(x); }
static float f_log2(float x) { return log2f(x); }
static float (*const fallback_f32[VML_COUNT])(float) = {f_exp, f_log, f_sqrt, f_tanh, f_sin, f_cos, f_tan, f_atan, f_erf, f_log10, f_log2};
static double (*const fallback_f64[VML_COUNT])(double) = {exp, log, sqrt, tanh, sin, cos, tan, atan, erf, log10, log2};

static void vml_f32(int op, const float *x, float *y, int64_t n) {
    if (n <= 0) return;
    if (nk_mkl_loaded()) {
        const int64_t step = 0x7fffffff;
        for (int64_t i = 0; i < n; i += step) mkl.vms[op]((int)(n - i < step ? n - i : step), x + i, y + i, NK_VML_MODE);
        return;
    }
    for (int64_t i = 0; i < n; i++) y[i] = fallback_f32[op](x[i]);
}

static void vml_f64(int op, const double *x, double *y, int64_t n) {
    if (n <= 0) return;
    if (nk_mkl_loaded()) {
        const int64_t step = 0x7fffffff;
        for (int64_t i = 0; i < n; i += step) mkl.vmd[op]((int)(n - i < step ? n - i : step), x + i, y + i, NK_VML_MODE);
        return;
    }
    for (int64_t i = 0; i < n; i++) y[i] = fallback_f64[op](x[i]);
}

#define NK_VML(name, OP)                                                                         \
    void nk_v##name##_f32(const float *x, float *y, int64_t n) { vml_f32(OP, x, y, n); }        \
    void nk_v##name##_f64(const double *x, double *y, int64_t n) { vml_f64(OP, x, y, n); }
NK_VML(exp, VML_EXP)
NK_VML(log, VML_LN)
NK_VML(sqrt, VML_SQRT)
NK_VML(tanh, VML_TANH)
NK_VML(sin, VML_SIN)
NK_VML(cos, VML_COS)
NK_VML(tan, VML_TAN)
NK_VML(atan, VML_ATAN)
NK_VML(erf, VML_ERF)
NK_VML(log10, VML_LOG10)
NK_VML(log2, VML_LOG2)

/// "SLEEF 3.5.1": the version of the SLEEF headers built against (`nnrepl --version`).
const char *nk_sleef_version(void) {
    static char text[32];
    snprintf(text, sizeof text, "SLEEF %d.%d.%d", SLEEF_VERSION_MAJOR, SLEEF_VERSION_MINOR, SLEEF_VERSION_PATCHLEVEL);
    return text;
}
