/**
 * Solves A·x = b for a symmetric positive-definite n × n matrix A (row-major; only the lower triangle is
 * read) by Cholesky factorisation A = L·Lᵀ and two triangular solves. A not positive definite (a zero or
 * negative pivot: collinear features with no ridge penalty) is a RangeError naming the pivot.
 */
export function choleskySolve(a: Float64Array, n: number, b: Float64Array): Float64Array {
  if (a.length !== n * n || b.length !== n) throw new RangeError(`choleskySolve: A must be ${n}×${n} and b ${n} long`);
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= L[i * n + k] * L[j * n + k];
      if (i === j) {
        if (!(s > 0)) throw new RangeError(`choleskySolve: matrix is not positive definite (pivot ${i} = ${s}); add a ridge penalty`);
        L[i * n + i] = Math.sqrt(s);
      } else {
        L[i * n + j] = s / L[j * n + j];
      }
    }
  }
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= L[i * n + k] * y[k];
    y[i] = s / L[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= L[k * n + i] * x[k];
    x[i] = s / L[i * n + i];
  }
  return x;
}
