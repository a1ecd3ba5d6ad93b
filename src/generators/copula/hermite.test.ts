import { describe, expect, it } from 'vitest';
import { type Atom, CodeCodec } from './codec.js';
import {
  hermiteCoefficients,
  latentCorrelation,
  scoreCovariance,
  scoreVariance,
  tetrachoric,
} from './hermite.js';
import { normalCdf, normalMass, normalPdf, normalQuantile, truncatedMean } from './normal.js';

function binary(p1: number): CodeCodec {
  return new CodeCodec({ levels: ['0', '1'], order: [0, 1], probabilities: [1 - p1, p1] });
}

/**
 * E[s_a(Z_a) s_b(Z_b)] by brute force: Simpson's rule over z_a on each piece between the breaks of
 * s_a, with the exact inner expectation of a step score s_b given z_a.
 */
function bruteForce(
  scoreA: (z: number) => number,
  breaks: number[],
  b: readonly Atom[],
  rho: number,
): number {
  const s = Math.sqrt(1 - rho * rho);
  const inner = (x: number) => {
    let sum = 0;
    for (const atom of b) sum += atom.mean * normalMass((atom.lo - rho * x) / s, (atom.hi - rho * x) / s);
    return normalPdf(x) * scoreA(x) * sum;
  };
  const edges = [-10, ...breaks, 10];
  let total = 0;
  for (let p = 0; p + 1 < edges.length; p++) {
    const steps = 20_000;
    const h = (edges[p + 1] - edges[p]) / steps;
    let sum = 0;
    // Evaluate just inside each piece so the left and right limits of s_a are used where they belong.
    for (let i = 0; i <= steps; i++) {
      const x = i === 0 ? edges[p] + 1e-12 : i === steps ? edges[p + 1] - 1e-12 : edges[p] + i * h;
      sum += (i === 0 || i === steps ? 1 : i % 2 ? 4 : 2) * inner(x);
    }
    total += (sum * h) / 3;
  }
  return total;
}

describe('latent correlations from score moments (Mehler series)', () => {
  it('a continuous score has coefficients (1, 0, 0, …) and unit variance', () => {
    const c = hermiteCoefficients([]);
    expect(c[1]).toBe(1);
    expect(c.slice(2).every((x) => x === 0)).toBe(true);
    expect(scoreVariance([])).toBe(1);
    expect(latentCorrelation(c, c, 0.42)).toBeCloseTo(0.42, 12);
  });

  it('two binary scores: matches the exact 2×2 probabilities from the bivariate normal (scipy)', () => {
    const a = binary(0.03);
    const b = binary(0.05);
    const ca = hermiteCoefficients(a.atoms);
    const cb = hermiteCoefficients(b.atoms);
    // P(Z_a > Φ⁻¹(0.97), Z_b > Φ⁻¹(0.95)) from scipy.stats.multivariate_normal for each ρ.
    for (const [rho, p11] of [
      [0.5, 0.008430928417303751],
      [-0.3, 0.0002299437766755119],
      [0.85, 0.02024113127027216],
    ]) {
      const cells = [1 - 0.03 - 0.05 + p11, 0.05 - p11, 0.03 - p11, p11];
      const m = (codec: CodeCodec, k: number) => codec.score(k);
      const exact =
        cells[0] * m(a, 0) * m(b, 0) +
        cells[1] * m(a, 0) * m(b, 1) +
        cells[2] * m(a, 1) * m(b, 0) +
        cells[3] * m(a, 1) * m(b, 1);
      expect(scoreCovariance(ca, cb, rho)).toBeCloseTo(exact, rho > 0.8 ? 4 : 6);
      expect(latentCorrelation(ca, cb, exact)).toBeCloseTo(rho, rho > 0.8 ? 2 : 4);
    }
  });

  it('a three-level and a mixed score: the series agrees with brute-force integration', () => {
    const three = new CodeCodec({
      levels: ['x', 'y', 'z'],
      order: [0, 1, 2],
      probabilities: [0.2, 0.5, 0.3],
    });
    // A zero-inflated number: 40% at one value (an atom), continuous above it.
    const t = normalQuantile(0.4);
    const atom: Atom = {
      lo: Number.NEGATIVE_INFINITY,
      hi: t,
      mass: normalCdf(t),
      mean: truncatedMean(Number.NEGATIVE_INFINITY, t),
    };
    const mixed = (z: number) => (z < t ? atom.mean : z);
    for (const rho of [-0.6, 0.2, 0.7]) {
      const series = scoreCovariance(hermiteCoefficients([atom]), hermiteCoefficients(three.atoms), rho);
      expect(series).toBeCloseTo(bruteForce(mixed, [t], three.atoms, rho), 8);
    }
    // At ρ = 1 the series converges slowly (its terms fall like 1/k): truncation costs under 1%.
    const c = hermiteCoefficients([atom]);
    expect(scoreCovariance(c, c, 1) / scoreVariance([atom])).toBeGreaterThan(0.99);
    expect(scoreCovariance(c, c, 0.9) / scoreVariance([atom])).toBeLessThan(0.99);
  });

  it('tetrachoric: an empty cell with few expected co-occurrences is not read as ρ = −1', () => {
    // Score moment of a 2×2 table with P(a=1, b=1) = p11, margins pa and pb.
    const moment = (a: CodeCodec, b: CodeCodec, pa: number, pb: number, p11: number) => {
      const cells = [1 - pa - pb + p11, pb - p11, pa - p11, p11];
      const m = (codec: CodeCodec, k: number) => codec.score(k);
      return cells.reduce((sum, p, k) => sum + p * m(a, k >> 1) * m(b, k & 1), 0);
    };
    const estimate = (pa: number, pb: number, p11: number, n: number) => {
      const [a, b] = [binary(pa), binary(pb)];
      const [ca, cb] = [hermiteCoefficients(a.atoms), hermiteCoefficients(b.atoms)];
      const target = moment(a, b, pa, pb, p11);
      return {
        map: tetrachoric(a.atoms, b.atoms, ca, cb, target, n),
        moments: latentCorrelation(ca, cb, target),
      };
    };
    // Two flags of 0.7% and 2% in 2,500 rows: 0.35 co-occurrences expected, none seen.
    const sparse = estimate(0.007, 0.02, 0, 2500);
    expect(sparse.moments).toBeLessThan(-0.9);
    expect(Math.abs(sparse.map)).toBeLessThan(0.5);
    // Two exclusive classes of 48% and 11.5%: 138 co-occurrences expected, none seen.
    expect(estimate(0.48, 0.115, 0, 2500).map).toBeLessThan(-0.8);
    // A well-filled table: the prior barely moves the classical estimate.
    const full = estimate(0.3, 0.25, 0.12, 2500);
    expect(Math.abs(full.map - full.moments)).toBeLessThan(0.02);
  });
});
