/**
 * Eigenvalues and eigenvectors of a real symmetric matrix: Householder reduction to tridiagonal form,
 * then the implicit QL method with shifts (Wilkinson & Reinsch, Handbook for Automatic Computation
 * vol. II, procedures tred2 and tql2; as in EISPACK and JAMA). O(p³) once, against the O(p³) per
 * sweep of Jacobi (`jacobi-eigen.ts`, kept as the slow reference it is tested against), which made a
 * copula over 1,000 latent variables take minutes. The transformations are held transposed
 * (w[j·p + k] = V[k][j]) so that every inner loop runs over contiguous memory.
 */
import type { SymmetricEigen } from './symmetric-eigen.js';

/** `matrix` is p × p row-major and symmetric; it is not modified. */
export function householderQlEigen(matrix: Float64Array, p: number): SymmetricEigen {
  const w = Float64Array.from(matrix.subarray(0, p * p));
  const d = new Float64Array(p);
  const e = new Float64Array(p);
  if (p > 0) {
    tridiagonalise(w, p, d, e);
    implicitQl(w, p, d, e);
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => d[y] - d[x] || x - y);
  const values = Float64Array.from(order, (k) => d[k]);
  const vectors = order.map((k) => {
    const vector = w.slice(k * p, (k + 1) * p);
    let at = 0;
    for (let i = 1; i < p; i++) if (Math.abs(vector[i]) > Math.abs(vector[at])) at = i;
    if (vector[at] < 0) for (let i = 0; i < p; i++) vector[i] = -vector[i];
    return vector;
  });
  return { values, vectors };
}

/** tred2: on return d is the diagonal, e[1..] the subdiagonal, w (transposed) the orthogonal Q. */
export function tridiagonalise(w: Float64Array, n: number, d: Float64Array, e: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1];
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        const col = j * n;
        f = d[j];
        w[i * n + j] = f;
        g = e[j] + w[col + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += w[col + k] * d[k];
          e[k] += w[col + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        const col = j * n;
        f = d[j];
        g = e[j];
        for (let k = j; k <= i - 1; k++) w[col + k] -= f * e[k] + g * d[k];
        d[j] = w[col + i - 1];
        w[col + i] = 0;
      }
    }
    d[i] = h;
  }
  // Accumulate the transformations.
  for (let i = 0; i < n - 1; i++) {
    w[i * n + n - 1] = w[i * n + i];
    w[i * n + i] = 1;
    const h = d[i + 1];
    const next = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[next + k] / h;
      for (let j = 0; j <= i; j++) {
        const col = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += w[next + k] * w[col + k];
        for (let k = 0; k <= i; k++) w[col + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) w[next + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1];
    w[j * n + n - 1] = 0;
  }
  w[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** tql2: the eigenvalues into d, the eigenvectors into the rows of w (tql1, values only, without w). */
export function implicitQl(w: Float64Array | undefined, n: number, d: Float64Array, e: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      do {
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (w) rotateRows(w, n, i, s, c);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

function rotateRows(w: Float64Array, n: number, i: number, s: number, c: number): void {
  const a = i * n;
  const b = (i + 1) * n;
  for (let k = 0; k < n; k++) {
    const h = w[b + k];
    const v = w[a + k];
    w[b + k] = s * v + c * h;
    w[a + k] = c * v - s * h;
  }
}

/** √(a² + b²) without the overflow or underflow of squaring (Math.hypot is slow in V8). */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) return x * Math.sqrt(1 + (y / x) ** 2);
  return y === 0 ? 0 : y * Math.sqrt(1 + (x / y) ** 2);
}
