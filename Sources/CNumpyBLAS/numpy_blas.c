// numpy's float64 matrix product, reproduced bit for bit.
//
// numpy sends `a.dot(b)` / `a @ b` on float64 matrices to cblas_dgemm of its bundled OpenBLAS.
// The result of each element depends on the order in which that library adds the k products, and
// the order depends on the kernel it picks. This file does not contain OpenBLAS code; it computes
// the same sums in the same order, as observed on OpenBLAS 0.3.31 (SkylakeX kernels, one
// thread) and checked against numpy 2.4 on many shapes (Tests/InterpreterTests, numpy_dot.json):
//
// * Row-major C = op(A)·op(B) is the column-major problem C' = op(B)'·op(A)' with M' = n, N' = m.
// * "Small" problems (M'·N'·K <= 1e6; for the TN case only when M'·N' <= 1200 and K >= 32) use
//   per-case kernels that either run one fused multiply-add chain per element over k, or (rows of
//   a dot-product layout) eight chains over k mod 8, added as a tree ((0+1)+(2+3))+((4+5)+(6+7)) or,
//   where the kernel uses _mm512_reduce_add_pd, as ((0+4)+(2+6))+((1+5)+(3+7)).
// * Larger problems split k into blocks (384, or half the remainder rounded up to 16 when less
//   than 768 remain); each block is one fused chain per element, and block results are added to C.
//   Rows come in panels of at most 192; beyond the first panel, the rows of a 4-row tail block
//   run two chains (even and odd k) per block in the 12-column groups, added before the block
//   result goes to C.
//
// Every chain is independent, so the loops below run many chains side by side (vectorised when the
// CPU has FMA); the order within each chain is what matters.

#include "numpy_blas.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { CHAIN = 0, TREE = 1, REDUCE_ADD = 2, PAIRS = 3 };

// The kernel, written once and compiled twice (with hardware FMA and without). Rows of C are
// done four at a time so each row of B is loaded once for four independent chains.
#define KERNEL_BODY                                                                               \
    double *acc = (double *)malloc(sizeof(double) * (size_t)(4 * (n > 0 ? n : 1)));               \
    for (long i0 = 0; i0 < m; i0 += 4) {                                                          \
        long rows = m - i0 < 4 ? m - i0 : 4;                                                      \
        for (long r = 0; r < rows; r++) memset(C + (i0 + r) * n, 0, sizeof(double) * (size_t)n); \
        long start = 0;                                                                           \
        for (long b = 0; b < nblocks; b++) {                                                      \
            long len = blocks[b];                                                                 \
            memset(acc, 0, sizeof(double) * (size_t)(4 * n));                                     \
            double *acc0 = acc, *acc1 = acc + n, *acc2 = acc + 2 * n, *acc3 = acc + 3 * n;         \
            if (rows == 4) {                                                                      \
                const double *a0 = Ap + i0 * k, *a1 = a0 + k, *a2 = a1 + k, *a3 = a2 + k;         \
                for (long p = start; p < start + len; p++) {                                      \
                    const double *bp = Bp + p * n;                                                \
                    double x0 = a0[p], x1 = a1[p], x2 = a2[p], x3 = a3[p];                        \
                    for (long j = 0; j < n; j++) {                                                \
                        double bj = bp[j];                                                        \
                        acc0[j] = FMA(x0, bj, acc0[j]); acc1[j] = FMA(x1, bj, acc1[j]);           \
                        acc2[j] = FMA(x2, bj, acc2[j]); acc3[j] = FMA(x3, bj, acc3[j]);           \
                    }                                                                             \
                }                                                                                 \
            } else {                                                                              \
                for (long r = 0; r < rows; r++) {                                                 \
                    const double *ai = Ap + (i0 + r) * k;                                         \
                    double *ar = acc + r * n;                                                     \
                    for (long p = start; p < start + len; p++) {                                  \
                        const double *bp = Bp + p * n;                                            \
                        double x = ai[p];                                                         \
                        for (long j = 0; j < n; j++) ar[j] = FMA(x, bp[j], ar[j]);                \
                    }                                                                             \
                }                                                                                 \
            }                                                                                     \
            for (long r = 0; r < rows; r++) {                                                     \
                double *ci = C + (i0 + r) * n, *ar = acc + r * n;                                 \
                if (b == 0 && blockAdd == 0) { for (long j = 0; j < n; j++) ci[j] = ar[j]; }      \
                else { for (long j = 0; j < n; j++) ci[j] = ar[j] + ci[j]; }                      \
            }                                                                                     \
            start += len;                                                                         \
        }                                                                                         \
    }                                                                                             \
    free(acc);                                                                                    \
    /* Elements computed another way: dot-style (eight lanes over k mod 8, then reduced) or two */ \
    /* chains (even and odd k) per block. */                                                      \
    if (Bt) for (long i = 0; i < m; i++) {                                                        \
        double *ci = C + i * n;                                                                   \
        const double *ai = Ap + i * k;                                                            \
        for (long j = 0; j < n; j++) {                                                            \
            int kind = modes[i * n + j];                                                          \
            if (kind == CHAIN) continue;                                                          \
            const double *bj = Bt + j * k;                                                        \
            if (kind == PAIRS) {                                                                  \
                double c = 0.0; long s = 0;                                                       \
                for (long b = 0; b < nblocks; b++) {                                              \
                    double e = 0.0, o = 0.0;                                                      \
                    for (long p = s; p < s + blocks[b]; p++) {                                    \
                        if ((p - s) & 1) o = FMA(ai[p], bj[p], o);                                \
                        else e = FMA(ai[p], bj[p], e);                                            \
                    }                                                                             \
                    c = (e + o) + c; s += blocks[b];                                              \
                }                                                                                 \
                ci[j] = c;                                                                        \
                continue;                                                                         \
            }                                                                                     \
            double l[8] = {0, 0, 0, 0, 0, 0, 0, 0};                                               \
            for (long p = 0; p < k; p++) l[p & 7] = FMA(ai[p], bj[p], l[p & 7]);                  \
            ci[j] = kind == TREE ? ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))  \
                                 : ((l[0] + l[4]) + (l[2] + l[6])) + ((l[1] + l[5]) + (l[3] + l[7])); \
        }                                                                                         \
    }

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define FMA(a, b, c) __builtin_fma(a, b, c)
__attribute__((target("avx2,fma")))
static void run_fma(long m, long n, long k, const double *Ap, const double *Bp, const double *Bt,
                    const unsigned char *modes, const long *blocks, long nblocks, int blockAdd, double *C) {
    KERNEL_BODY
}
#undef FMA
#endif

#define FMA(a, b, c) fma(a, b, c)
static void run_generic(long m, long n, long k, const double *Ap, const double *Bp, const double *Bt,
                        const unsigned char *modes, const long *blocks, long nblocks, int blockAdd, double *C) {
    KERNEL_BODY
}
#undef FMA

/// OpenBLAS's split of k into blocks for the large-problem path (GEMM_Q 384, unroll 16).
static long k_blocks(long k, long *out) {
    const long q = 384, u = 16;
    long n = 0;
    for (long ls = 0; ls < k;) {
        long minl = k - ls;
        if (minl >= q * 2) minl = q;
        else if (minl > q) minl = ((minl / 2 + u - 1) / u) * u;
        out[n++] = minl;
        ls += minl;
    }
    return n;
}

void nnrepl_numpy_dgemm(int transA, int transB, long m, long n, long k,
                        const double *A, long lda, const double *B, long ldb, double *C) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) { memset(C, 0, sizeof(double) * (size_t)(m * n)); return; }
    // Packed operands: Ap row-major m×k, Bp row-major k×n, Bt = Bp transposed (n×k).
    double *Ap = (double *)malloc(sizeof(double) * (size_t)(m * k));
    double *Bp = (double *)malloc(sizeof(double) * (size_t)(k * n));
    for (long i = 0; i < m; i++)
        for (long p = 0; p < k; p++) Ap[i * k + p] = transA ? A[p * lda + i] : A[i * lda + p];
    for (long p = 0; p < k; p++)
        for (long j = 0; j < n; j++) Bp[p * n + j] = transB ? B[j * ldb + p] : B[p * ldb + j];
    unsigned char *modes = (unsigned char *)calloc((size_t)(m * n), 1);
    int anyOther = 0;
    // The column-major problem OpenBLAS solves: C' (M'×N') = op(B)' · op(A)'.
    long M = n, N = m;
    int ta = transB, tb = transA;
    double mnk = (double)M * (double)N * (double)k;
    int small = mnk <= 1e6 && !(ta && !tb && (M * N > 1200 || k < 32));
    long blocks[64];
    long nblocks = 1;
    blocks[0] = k;
    if (small) {
        // Which C' elements (row ip, column jp) a small kernel computes dot-style, and how it
        // reduces them. C'(ip, jp) is C(jp, ip).
        long m4 = M & ~3L, n4 = N & ~3L;
        long dotFrom = M;          // rows >= dotFrom are dot-style
        long blockEnd4 = 0;        // rows < blockEnd4 (within dot rows) are in 4-row blocks
        if (!ta && !tb) {          // NN
            long mm = M % 8;
            if (mm > 0 && mm <= 4 && k >= 16) { dotFrom = M - mm; blockEnd4 = m4; }
        } else if (ta && !tb) {    // TN: every element dot-style
            dotFrom = 0; blockEnd4 = m4;
        } else if (ta && tb) {     // TT
            dotFrom = M;
        }
        for (long ip = dotFrom; ip < M; ip++)
            for (long jp = 0; jp < N; jp++)
                modes[jp * n + ip] = (ip < blockEnd4 || jp < n4) ? TREE : REDUCE_ADD;
    } else {
        nblocks = k_blocks(k, blocks);
        // Rows are processed in panels of at most 192 (GEMM_P); the first panel goes through the
        // kernel a few columns at a time, later panels with all columns, in groups of 12. In a later
        // panel, the rows of the 4-row tail block (after the 16- and 8-row blocks) are two chains,
        // even and odd k, for the columns of the 12-column groups.
        long tail = M % 16;
        if (M > 192 && (tail & 4)) {
            long first = M - tail + (tail & 8);
            long groups12 = (N / 12) * 12;
            for (long ip = first; ip < first + 4; ip++)
                for (long jp = 0; jp < groups12; jp++) modes[jp * n + ip] = PAIRS;
        }
    }
    for (long t = 0; t < m * n && !anyOther; t++) anyOther = modes[t] != CHAIN;
    // B transposed (n×k), for the elements computed along k.
    double *Bt = NULL;
    if (anyOther) {
        Bt = (double *)malloc(sizeof(double) * (size_t)(k * n));
        for (long p = 0; p < k; p++)
            for (long j = 0; j < n; j++) Bt[j * k + p] = Bp[p * n + j];
    }
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (__builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2"))
        run_fma(m, n, k, Ap, Bp, Bt, modes, blocks, nblocks, !small, C);
    else
#endif
        run_generic(m, n, k, Ap, Bp, Bt, modes, blocks, nblocks, !small, C);
    free(Ap); free(Bp); free(Bt); free(modes);
}
