/**
 * How a column's values and its latent standard normal variable map to each other. Each latent
 * variable partitions the real line into atoms (intervals that all map to one value: a category,
 * a point mass of a number column, "missing") and, for number columns, continuous stretches where
 * the map is Φ⁻¹∘F. Encoding a value gives its *score*: Φ⁻¹(F(x)) on a continuous stretch, and on an
 * atom the mean of the latent normal over the atom's interval, E[Z | a < Z < b]. That is the
 * expectation of the randomised distributional transform (Rüschendorf 2009), without its noise; the
 * attenuation it implies for correlations is undone exactly in `hermite.ts`.
 */

import { lowerBound, NumberCdf } from './marginal.js';
import { normalCdf, normalQuantile, roughQuantile, truncatedMean } from './normal.js';
import type { CodeMarginal, NumberMarginal } from './params.js';

/** An interval of the latent scale that maps to one value, with its probability and mean. */
export interface Atom {
  readonly lo: number;
  readonly hi: number;
  readonly mass: number;
  readonly mean: number;
}

function atomOf(pLo: number, pHi: number): Atom {
  const lo = normalQuantile(pLo);
  const hi = normalQuantile(pHi);
  const mass = pHi - pLo;
  return { lo, hi, mass, mean: truncatedMean(lo, hi, mass) };
}

/** The latent scale of a number column: its sketch, atoms on its jumps, Φ⁻¹∘F elsewhere. */
export class NumberCodec {
  readonly cdf: NumberCdf;
  readonly atoms: Atom[] = [];
  /** Score of the atom starting at each knot, NaN where none starts. */
  private readonly atomScore: Float64Array;
  /** Scores of continuous values are kept off ±∞: within half a row of 0 and 1. */
  private readonly epsilon: number;

  constructor(marginal: NumberMarginal, observedRows: number) {
    this.cdf = new NumberCdf(marginal);
    const { value, cdf } = this.cdf;
    this.atomScore = new Float64Array(value.length).fill(Number.NaN);
    for (let k = 0; k + 1 < value.length; k++)
      if (value[k] === value[k + 1] && cdf[k + 1] > cdf[k]) {
        const atom = atomOf(cdf[k], cdf[k + 1]);
        this.atoms.push(atom);
        this.atomScore[k] = atom.mean;
      }
    this.epsilon = 0.5 / Math.max(observedRows, 1);
  }

  score(x: number): number {
    const k = lowerBound(this.cdf.value, x);
    if (this.cdf.value[k] === x && !Number.isNaN(this.atomScore[k])) return this.atomScore[k];
    const u = this.cdf.belowAt(x, k);
    return roughQuantile(Math.max(this.epsilon, Math.min(u, 1 - this.epsilon)));
  }

  /** out[offset + i·stride] = score of values[from + i], NaN when missing. */
  scoreInto(
    values: Float64Array,
    from: number,
    size: number,
    out: Float64Array,
    stride: number,
    offset: number,
  ): void {
    for (let i = 0; i < size; i++) {
      const x = values[from + i];
      out[offset + i * stride] = Number.isNaN(x) ? Number.NaN : this.score(x);
    }
  }

  decode(z: number): number {
    return this.cdf.output(normalCdf(z));
  }
}

/**
 * The latent scale of a code column (or of a missingness indicator): consecutive intervals, one per
 * level in latent order, each as wide in probability as the level is frequent.
 */
export class CodeCodec {
  /** Upper thresholds of the intervals in latent order (the last is +∞). */
  readonly upper: Float64Array;
  readonly atoms: Atom[] = [];
  /** Interval position of each code. */
  readonly position: Int32Array;
  readonly order: Int32Array;
  private readonly scores: Float64Array;

  constructor(marginal: Pick<CodeMarginal, 'order' | 'probabilities' | 'levels'>) {
    const n = marginal.order.length;
    this.order = Int32Array.from(marginal.order);
    this.upper = new Float64Array(n);
    this.position = new Int32Array(marginal.levels.length).fill(-1);
    this.scores = new Float64Array(marginal.levels.length).fill(Number.NaN);
    const above = suffixSums(marginal.probabilities);
    let below = 0;
    for (let i = 0; i < n; i++) {
      // Accumulate from the nearer end so that a rare level in the upper tail keeps its digits.
      const sum = below + marginal.probabilities[i];
      const top = i + 1 === n ? 1 : sum < 0.5 ? sum : 1 - above[i + 1];
      const atom = atomOf(below, top);
      this.atoms.push(atom);
      this.upper[i] = atom.hi;
      this.position[marginal.order[i]] = i;
      this.scores[marginal.order[i]] = atom.mean;
      below = top;
    }
  }

  score(code: number): number {
    return this.scores[code];
  }

  /** out[offset + i·stride] = score of codes[from + i], NaN when missing. */
  scoreInto(
    codes: Int32Array,
    from: number,
    size: number,
    out: Float64Array,
    stride: number,
    offset: number,
  ): void {
    const scores = this.scores;
    for (let i = 0; i < size; i++) {
      const code = codes[from + i];
      out[offset + i * stride] = code < 0 ? Number.NaN : scores[code];
    }
  }

  /** The code whose interval holds z: the first interval whose upper threshold is above z. */
  decode(z: number): number {
    const upper = this.upper;
    let lo = 0;
    let hi = upper.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (z < upper[mid]) hi = mid;
      else lo = mid + 1;
    }
    return this.order[lo];
  }
}

function suffixSums(values: readonly number[]): Float64Array {
  const out = new Float64Array(values.length + 1);
  for (let i = values.length - 1; i >= 0; i--) out[i] = out[i + 1] + values[i];
  return out;
}

/** The latent scale of "is this column missing?": [observed, missing]. */
export function missingCodec(rate: number): CodeCodec {
  return new CodeCodec({ levels: ['observed', 'missing'], order: [0, 1], probabilities: [1 - rate, rate] });
}
