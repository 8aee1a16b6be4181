#ifndef NNREPL_NUMPY_BLAS_H
#define NNREPL_NUMPY_BLAS_H

/// C (m×n, row-major, contiguous) = op(A) · op(B) in float64, summing every product in the order
/// numpy's bundled OpenBLAS (scipy-openblas 0.3.31, SkylakeX kernels, one thread) sums it, so
/// `x.dot(w)` gives numpy's bits. op(A) is m×k: A[i*lda + p], or A[p*lda + i] when transA.
/// op(B) is k×n: B[p*ldb + j], or B[j*ldb + p] when transB.
void nnrepl_numpy_dgemm(int transA, int transB, long m, long n, long k,
                        const double *A, long lda, const double *B, long ldb, double *C);

#endif
