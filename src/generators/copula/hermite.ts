/**
 * From the correlation of scores to the correlation of latent normals. A column's score s(Z) is a
 * non-decreasing function of its latent Z (the identity on continuous stretches, the atom's mean on
 * an atom). For latent normals with correlation ρ, Mehler's expansion gives
 *
 *   E[s_a(Z_a) s_b(Z_b)] = Σ_{k≥1} ρ^k c_a,k c_b,k,   c_k = E[s(Z) He_k(Z)] / √k!
 *
 * (Kendall & Stuart, The Advanced Theory of Statistics, vol. 2, §26.9; it is how tetrachoric and
 * polychoric correlations relate to the Pearson correlation of category scores). We estimate the
 * left side from the data and solve for ρ. For two continuous columns c = (1, 0, 0, …) and ρ is the
 * normal-scores correlation itself; for a continuous and a discrete column the relation is linear
 * (the polyserial correction); for two discrete columns (two sparse mutation flags) it is the full
 * series, which recovers the latent correlation that makes the model reproduce the 2×2 table.
 * Since E[s_a s_b] is increasing in ρ for non-decreasing scores (Slepian's inequality), bisection
 * finds the root.
 */
import type { Atom } from './codec.js';
import { normalPdf } from './normal.js';

/**
 * Terms kept: ρ^K < 1e-3 for |ρ| ≤ 0.95. The series converges slowly only as |ρ| → 1 (nearly
 * identical discrete columns), where the eigenvalue floor of the repair bounds ρ anyway.
 */
const HERMITE_TERMS = 150;

/** φ(t)·He_k(t)/√k! for k = 0..K, by the stable recurrence of the normalised Hermite polynomials. */
function weightedHermite(t: number, terms: number): Float64Array {
  const out = new Float64Array(terms + 1);
  if (!Number.isFinite(t)) return out;
  const phi = normalPdf(t);
  let prev = 0;
  let cur = phi;
  out[0] = cur;
  for (let k = 0; k < terms; k++) {
    const next = (t * cur - Math.sqrt(k) * prev) / Math.sqrt(k + 1);
    prev = cur;
    cur = next;
    out[k + 1] = cur;
  }
  return out;
}

/**
 * c_1..c_K of a score function (index 0 is unused): c_k = δ_k1 + Σ_atoms (m Â_k − √(k+1) Â_{k+1} − √k Â_{k−1}),
 * with Â_k = E[1{lo<Z<hi} He_k(Z)]/√k! = (φ(lo)He_{k−1}(lo) − φ(hi)He_{k−1}(hi))/√(k!), Â_0 = mass.
 * (The identity contributes δ_k1; on each atom the score replaces Z by the atom's mean m.)
 */
export function hermiteCoefficients(atoms: readonly Atom[], terms = HERMITE_TERMS): Float64Array {
  const c = new Float64Array(terms + 1);
  c[1] = 1;
  const a = new Float64Array(terms + 2);
  for (const atom of atoms) {
    const lo = weightedHermite(atom.lo, terms + 1);
    const hi = weightedHermite(atom.hi, terms + 1);
    a[0] = atom.mass;
    for (let k = 1; k <= terms + 1; k++) a[k] = (lo[k - 1] - hi[k - 1]) / Math.sqrt(k);
    for (let k = 1; k <= terms; k++)
      c[k] += atom.mean * a[k] - Math.sqrt(k + 1) * a[k + 1] - Math.sqrt(k) * a[k - 1];
  }
  return c;
}

/** E[s(Z)²]: 1 less the variance of Z lost inside each atom, Σ P(atom)·Var(Z | atom). */
export function scoreVariance(atoms: readonly Atom[]): number {
  let lost = 0;
  for (const atom of atoms) {
    const lo = Number.isFinite(atom.lo) ? atom.lo * normalPdf(atom.lo) : 0;
    const hi = Number.isFinite(atom.hi) ? atom.hi * normalPdf(atom.hi) : 0;
    // E[Z² 1{lo<Z<hi}] = mass + lo φ(lo) − hi φ(hi).
    lost += atom.mass + lo - hi - atom.mass * atom.mean * atom.mean;
  }
  return Math.max(0, 1 - lost);
}

/**
 * Σ_k ρ^k a_k b_k. The coefficients of a score are its coordinates in an orthonormal basis, so
 * Σ a_k² = E[s²] ≤ 1 and every |a_k b_k| ≤ 1: once |ρ|^k is below a quarter of the sum's last bit,
 * no later term can change the sum, and the loop stops — with the same result to the bit.
 */
export function scoreCovariance(a: Float64Array, b: Float64Array, rho: number): number {
  let sum = 0;
  let power = 1;
  for (let k = 1; k < a.length; k++) {
    power *= rho;
    sum += power * a[k] * b[k];
    if (Math.abs(power) < Math.abs(sum) * NEGLIGIBLE) break;
  }
  return sum;
}

/** 2⁻⁵⁶: a term this much smaller than the sum is under a quarter of its last bit, with a margin. */
const NEGLIGIBLE = 2 ** -56;

/** The latent correlation ρ ∈ [−1, 1] whose implied score covariance equals `target`. */
export function latentCorrelation(a: Float64Array, b: Float64Array, target: number): number {
  // A constant column (one atom covering the line) has no score variance and no correlation.
  if (scoreCovariance(a, a, 1) < 1e-12 || scoreCovariance(b, b, 1) < 1e-12) return 0;
  if (isIdentity(a) || isIdentity(b)) {
    const slope = a[1] * b[1];
    return slope > 1e-12 ? clamp(target / slope) : 0;
  }
  let lo = -1;
  let hi = 1;
  if (target <= scoreCovariance(a, b, lo)) return lo;
  if (target >= scoreCovariance(a, b, hi)) return hi;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (scoreCovariance(a, b, mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** A continuous column (no atom): only c_1 = 1, so the relation to any other column is linear. */
function isIdentity(c: Float64Array): boolean {
  for (let k = 2; k < c.length; k++) if (Math.abs(c[k]) > 1e-12) return false;
  return true;
}

function clamp(r: number): number {
  return Math.max(-1, Math.min(r, 1));
}

/** A latent with two atoms covering the line (a boolean, a 2-level category, a missingness indicator). */
export function isBinary(atoms: readonly Atom[]): boolean {
  return atoms.length === 2 && !Number.isFinite(atoms[0].lo) && !Number.isFinite(atoms[1].hi);
}

/** SD of the normal prior on Fisher's z = atanh(ρ) for a pair of binary latents. */
const PRIOR_SD = 1;

/**
 * The tetrachoric correlation of two binary latents, as the posterior mode under a N(0, 1) prior on
 * atanh(ρ). The moment estimate (`latentCorrelation`) is the maximum-likelihood one here, and it is
 * −1 whenever a 2×2 table has an empty cell, which for two flags of 1–2 % in a few thousand rows is
 * the usual case whatever their true association: the likelihood is then nearly flat (a ratio of
 * e^(n·pa·pb) between ρ = 0 and ρ = −1) and the prior decides. With enough co-occurrences the
 * likelihood dominates and the estimate is the classical one. (Penalised tetrachoric estimation for
 * sparse tables: Brown & Benedetti, Psychometrika 1977, discuss the empty-cell case.)
 * The 2×2 table is recovered from the score moment, as E[s_a s_b] is linear in P(a = 1, b = 1).
 */
export function tetrachoric(
  a: readonly Atom[],
  b: readonly Atom[],
  ca: Float64Array,
  cb: Float64Array,
  target: number,
  n: number,
  grid: Float64Array = tetrachoricGrid(ca, cb),
): number {
  const [pa, pb] = [a[1].mass, b[1].mass];
  const slope = (a[1].mean - a[0].mean) * (b[1].mean - b[0].mean);
  const lo = Math.max(0, pa + pb - 1);
  const hi = Math.min(pa, pb);
  const x = Math.max(lo, Math.min(hi, pa * pb + target / slope));
  const [n11, n10, n01, n00] = [n * x, n * (pa - x), n * (pb - x), n * (1 - pa - pb + x)];
  const logOf = (count: number, p: number) => (count > 0 ? count * Math.log(Math.max(p, 1e-300)) : 0);
  const posteriorAt = (z: number, covariance: number): number => {
    const p11 = Math.max(lo, Math.min(hi, pa * pb + covariance / slope));
    const prior = -0.5 * (z / PRIOR_SD) ** 2;
    return (
      prior + logOf(n11, p11) + logOf(n10, pa - p11) + logOf(n01, pb - p11) + logOf(n00, 1 - pa - pb + p11)
    );
  };
  const posterior = (z: number) => posteriorAt(z, scoreCovariance(ca, cb, Math.tanh(z)));
  return Math.tanh(maximise(posterior, (i) => posteriorAt(gridPoint(i), grid[i])));
}

/** The coarse grid of `maximise` over Fisher's z ∈ [−4, 4]. */
const Z_LIMIT = 4;
const GRID_STEPS = 32;

function gridPoint(i: number): number {
  return -Z_LIMIT + (2 * Z_LIMIT * i) / GRID_STEPS;
}

/**
 * The score covariances of two binary latents at the grid points, which depend on their margins
 * only: a wide panel has many flags of equal frequency (the same coefficients), so a caller may
 * compute these once per pair of margins instead of once per pair of columns.
 */
export function tetrachoricGrid(ca: Float64Array, cb: Float64Array): Float64Array {
  return Float64Array.from({ length: GRID_STEPS + 1 }, (_, i) =>
    scoreCovariance(ca, cb, Math.tanh(gridPoint(i))),
  );
}

/** The maximiser of a unimodal function on [−4, 4] (f at grid point i is `atGrid(i)`): a coarse grid, then golden-section search. */
function maximise(f: (x: number) => number, atGrid: (i: number) => number): number {
  const [lo, hi, steps] = [-Z_LIMIT, Z_LIMIT, GRID_STEPS];
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i <= steps; i++) {
    const value = atGrid(i);
    if (value > bestValue) [best, bestValue] = [i, value];
  }
  let a = lo + ((hi - lo) * Math.max(0, best - 1)) / steps;
  let b = lo + ((hi - lo) * Math.min(steps, best + 1)) / steps;
  const ratio = (Math.sqrt(5) - 1) / 2;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  // The bracket is 2/32 of [−4, 4] wide; 25 steps shrink it below 1e-5 in z.
  for (let i = 0; i < 25; i++) {
    if (fc >= fd) {
      [b, d, fd] = [d, c, fc];
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}
