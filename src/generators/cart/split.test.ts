/**
 * The histogram split search against a brute-force search over every partition CART allows, on
 * small random data where each distinct value is its own bin (so the histogram search must be exact).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.js';
import { codeColumn, numberColumn } from '../../data/table.js';
import { binThresholds, type Predictor, predictorOf } from './bins.js';
import { GiniCriterion } from './gini.js';
import { growTree } from './grow.js';
import type { SplitNode } from './params.js';
import { RegressionCriterion } from './regression.js';

const MIN_LEAF = 3;

type Target = { type: 'regression'; y: Float64Array } | { type: 'classes'; classes: Int32Array; k: number };

function impurity(target: Target, rows: number[]): number {
  if (target.type === 'regression') {
    const mean = rows.reduce((s, r) => s + target.y[r], 0) / rows.length;
    return rows.reduce((s, r) => s + (target.y[r] - mean) ** 2, 0);
  }
  const counts = new Array(target.k).fill(0);
  for (const r of rows) counts[target.classes[r]]++;
  return rows.length - counts.reduce((s, c) => s + c * c, 0) / rows.length;
}

function gainOf(target: Target, left: number[], right: number[]): number {
  if (left.length < MIN_LEAF || right.length < MIN_LEAF) return Number.NEGATIVE_INFINITY;
  return impurity(target, [...left, ...right]) - impurity(target, left) - impurity(target, right);
}

/** Every partition of the rows by the predictor's bins that CART may use; the best gain. */
function bruteForce(target: Target, p: Predictor, n: number): number {
  const rows = Array.from({ length: n }, (_, i) => i);
  const present = [...new Set(rows.map((r) => p.bins[r]))].sort((a, b) => a - b);
  let best = Number.NEGATIVE_INFINITY;
  const consider = (goesLeft: (bin: number) => boolean) => {
    const left = rows.filter((r) => goesLeft(p.bins[r]));
    best = Math.max(
      best,
      gainOf(
        target,
        left,
        rows.filter((r) => !goesLeft(p.bins[r])),
      ),
    );
  };
  if (p.kind === 'numeric') {
    for (const t of [-1, ...present.filter((b) => b < p.nBins)])
      for (const missingLeft of [false, true]) consider((b) => (b === p.nBins ? missingLeft : b <= t));
  } else {
    for (let mask = 1; mask < 1 << present.length; mask++)
      consider((b) => ((mask >> present.indexOf(b)) & 1) === 1);
  }
  return best;
}

/** The root split the fast search picks, and its gain recomputed by brute force. */
function fastGain(target: Target, p: Predictor, n: number): number {
  const criterion =
    target.type === 'regression'
      ? new RegressionCriterion(target.y, p.nBins)
      : new GiniCriterion(target.classes, target.k, p.nBins);
  const rows = Uint32Array.from({ length: n }, (_, i) => i);
  const nodes = growTree(criterion, () => ({ leaf: true }), [p], rows, {
    minLeaf: MIN_LEAF,
    maxDepth: 1,
    cp: 0,
  });
  const root = nodes[0] as SplitNode | { leaf: true };
  if (!('test' in root)) return Number.NEGATIVE_INFINITY;
  const all = Array.from({ length: n }, (_, i) => i);
  const goesLeft = (r: number): boolean => {
    const b = p.bins[r];
    if (root.test === 'missing') return b === p.nBins;
    if (b === p.nBins) return root.missingLeft;
    return root.test === 'le'
      ? b < p.thresholds.length && p.thresholds[b] <= root.threshold
      : root.levels.includes(b);
  };
  return gainOf(
    target,
    all.filter(goesLeft),
    all.filter((r) => !goesLeft(r)),
  );
}

function numericPredictor(rng: Rng, n: number, distinct: number, missing: number): Predictor {
  const values = Float64Array.from({ length: n }, () =>
    rng.bernoulli(missing) ? Number.NaN : rng.int(distinct) * 1.5,
  );
  return predictorOf(numberColumn(values), 0, 255);
}

function levelPredictor(rng: Rng, n: number, levels: number, missing: number): Predictor {
  const codes = Int32Array.from({ length: n }, () => (rng.bernoulli(missing) ? -1 : rng.int(levels)));
  return predictorOf(
    codeColumn(
      codes,
      Array.from({ length: levels }, (_, i) => `l${i}`),
    ),
    0,
    255,
  );
}

function target(rng: Rng, p: Predictor, n: number, kind: 'regression' | 2 | 4): Target {
  // The target depends on the predictor's bin, so that good splits exist, plus noise.
  const effect = Array.from({ length: p.nBins + 1 }, () => rng.normal());
  if (kind === 'regression')
    return {
      type: 'regression',
      y: Float64Array.from({ length: n }, (_, r) => effect[p.bins[r]] + rng.normal(0, 0.5)),
    };
  const classes = Int32Array.from({ length: n }, (_, r) =>
    Math.min(kind - 1, Math.max(0, Math.floor(kind / 2 + effect[p.bins[r]] + rng.normal(0, 0.7)))),
  );
  return { type: 'classes', classes, k: kind };
}

describe('histogram split search', () => {
  const kinds = ['regression', 2, 4] as const;
  for (const kind of kinds) {
    it(`finds the brute-force best threshold on a numeric predictor (target: ${kind})`, () => {
      const rng = Rng.from(`numeric ${kind}`);
      for (let trial = 0; trial < 40; trial++) {
        const n = 20 + rng.int(60);
        const p = numericPredictor(rng, n, 2 + rng.int(20), trial % 2 ? 0.15 : 0);
        const t = target(rng, p, n, kind);
        expect(fastGain(t, p, n)).toBeCloseTo(bruteForce(t, p, n), 9);
      }
    });

    it(`finds the brute-force best subset on a level predictor (target: ${kind})`, () => {
      const rng = Rng.from(`levels ${kind}`);
      for (let trial = 0; trial < 40; trial++) {
        const n = 20 + rng.int(60);
        // Up to 7 levels + missing: within the exhaustive range for many classes, exact by ordering else.
        const p = levelPredictor(rng, n, 2 + rng.int(6), trial % 2 ? 0.15 : 0);
        const t = target(rng, p, n, kind);
        expect(fastGain(t, p, n)).toBeCloseTo(bruteForce(t, p, n), 9);
      }
    });
  }

  it('never splits below minLeaf rows, nor a pure node', () => {
    const rng = Rng.from('pure');
    const p = numericPredictor(rng, 50, 10, 0);
    const y = new Float64Array(50).fill(3);
    expect(fastGain({ type: 'regression', y }, p, 50)).toBe(Number.NEGATIVE_INFINITY);
    const few = numericPredictor(rng, 5, 5, 0);
    expect(fastGain(target(rng, few, 5, 'regression'), few, 5)).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('bins', () => {
  it('gives each distinct value its own bin when there are few, with midpoint thresholds', () => {
    expect(Array.from(binThresholds(Float64Array.from([3, 1, 1, Number.NaN, 2]), 255))).toEqual([1.5, 2.5]);
  });

  it('makes at most maxBins quantile bins and never splits ties', () => {
    const rng = Rng.from('bins');
    const values = Float64Array.from({ length: 5000 }, () => Math.round(rng.normal(0, 100)));
    const cuts = binThresholds(values, 32);
    expect(cuts.length).toBeLessThanOrEqual(31);
    expect(cuts.length).toBeGreaterThan(20);
    for (const cut of cuts) expect(Number.isInteger(cut)).toBe(false);
    const p = predictorOf(numberColumn(values), 0, 32);
    const sizes = new Array(p.nBins).fill(0);
    for (const b of p.bins) sizes[b]++;
    expect(Math.max(...sizes)).toBeLessThan((5000 / 32) * 2.5);
  });
});
