/**
 * CART's classification criterion, the Gini index (Breiman et al., 1984, §4.3), as rpart uses by
 * default. With class counts c, a part's impurity is n − Σc²/n, so a split's gain is
 * ΣcL²/nL + ΣcR²/nR − Σc²/n. Level predictors: with two classes present, levels ordered by the share
 * of one class and prefixes tried is exact (Breiman et al., §4.2.2); with more classes every subset
 * is tried when the node has at most `EXHAUSTIVE_LEVELS` levels (as rpart does), else the levels are
 * ordered by the share of each class in turn (one-vs-rest) and the prefixes of each order are tried.
 * Histogram bins hold [rows, count of class 0, …, count of class k−1].
 */
import { type BestSplit, sortByKey } from './best-split.js';
import type { Predictor } from './bins.js';
import type { Criterion } from './grow.js';
import type { Histogram } from './histograms.js';
import { LeftRight } from './left-right.js';

const EXHAUSTIVE_LEVELS = 10;
const MAX_ONE_VS_REST = 16;

export class GiniCriterion implements Criterion {
  readonly stride: number;
  private n = 0;
  private readonly totals: Float64Array;
  private readonly order: Int32Array;
  private readonly shares: Float64Array;
  private readonly parts: LeftRight;
  /** The most frequent class, and the rows of every other class (ascending), for `fillAllRows`. */
  private readonly majority: number;
  private readonly others: Uint32Array;

  /** `classes[row]` in 0..k−1 for every training row. */
  constructor(
    private readonly classes: Int32Array,
    readonly k: number,
    maxBins: number,
  ) {
    this.stride = k + 1;
    this.totals = new Float64Array(k);
    this.order = new Int32Array(maxBins + 1);
    this.shares = new Float64Array(maxBins + 1);
    this.parts = new LeftRight(k);
    const counts = new Float64Array(k);
    for (const c of classes) counts[c]++;
    this.majority = counts.indexOf(Math.max(...counts));
    const others: number[] = [];
    for (let r = 0; r < classes.length; r++) if (classes[r] !== this.majority) others.push(r);
    this.others = Uint32Array.from(others);
  }

  node(rows: Uint32Array): number {
    this.totals.fill(0);
    for (let i = 0; i < rows.length; i++) this.totals[this.classes[rows[i]]]++;
    this.n = rows.length;
    let squares = 0;
    for (let c = 0; c < this.k; c++) squares += this.totals[c] * this.totals[c];
    return Math.max(0, this.n - squares / this.n);
  }

  /** The class counts of the node last passed to `node`. */
  leafCounts(): number[] {
    return Array.from(this.totals);
  }

  fill(h: Histogram, p: Predictor, index: number, rows: Uint32Array): void {
    // Rows are distinct training rows, so as many as there are training rows means all of them.
    if (rows.length === this.classes.length && rows.length > 0) {
      this.fillAllRows(h, p, index);
      return;
    }
    const { stats, touched } = h;
    const { classes, stride } = this;
    const bins = p.bins;
    const base = h.offsets[index];
    let size = h.touchedSize[index];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const b = bins[r];
      const at = (base + b) * stride;
      if (stats[at] === 0) touched[base + size++] = b;
      stats[at]++;
      stats[at + 1 + classes[r]]++;
    }
    h.touchedSize[index] = size;
  }

  /**
   * The root's histogram without a pass over every row: the predictor's bin counts over all rows
   * (counted once per predictor, for every tree that uses it) all go to the majority class, then
   * the rows of the other classes move to theirs. For a rare flag that touches a few per cent of
   * the rows instead of all. Counts are exact integers, so the histogram is the same to the bit.
   */
  private fillAllRows(h: Histogram, p: Predictor, index: number): void {
    const { stats, touched } = h;
    const { classes, stride, majority, others } = this;
    const counts = binCounts(p);
    const base = h.offsets[index];
    let size = h.touchedSize[index];
    for (let b = 0; b < counts.length; b++) {
      if (counts[b] === 0) continue;
      const at = (base + b) * stride;
      if (stats[at] === 0) touched[base + size++] = b;
      stats[at] += counts[b];
      stats[at + 1 + majority] += counts[b];
    }
    h.touchedSize[index] = size;
    const bins = p.bins;
    for (let i = 0; i < others.length; i++) {
      const r = others[i];
      const at = (base + bins[r]) * stride;
      stats[at + 1 + majority]--;
      stats[at + 1 + classes[r]]++;
    }
  }

  search(h: Histogram, p: Predictor, index: number, minLeaf: number, best: BestSplit): void {
    if (p.kind === 'numeric') this.scanThresholds(h, p.nBins, index, minLeaf, best);
    else this.scanLevels(h, p.nBins, index, minLeaf, best);
  }

  /** Thresholds over the ordered bins, with the missing rows tried on either side, or alone. */
  private scanThresholds(h: Histogram, nBins: number, index: number, minLeaf: number, best: BestSplit): void {
    const { stats } = h;
    const { parts, n, stride, order } = this;
    const base = h.offsets[index];
    const maxLeft = n - minLeaf;
    parts.start(this.totals, stats, (base + nBins) * stride + 1);
    const nMissing = parts.nMissing;
    if (nMissing >= minLeaf && nMissing <= maxLeft)
      best.offerThreshold(parts.gainMissingAlone(), index, -1, true);
    const present = h.observedBins(index, nBins, order);
    for (let i = 0; i < present - 1; i++) {
      const at = (base + order[i]) * stride;
      parts.moveLeft(stats, at + 1, stats[at]);
      const nLeft = parts.nLeft;
      if (nLeft >= minLeaf && nLeft <= maxLeft)
        best.offerThreshold(parts.gain(false), index, order[i], false);
      if (nMissing > 0 && nLeft + nMissing >= minLeaf && nLeft + nMissing <= maxLeft)
        best.offerThreshold(parts.gain(true), index, order[i], true);
    }
  }

  private scanLevels(h: Histogram, nBins: number, index: number, minLeaf: number, best: BestSplit): void {
    const { order, stride } = this;
    const base = h.offsets[index];
    let m = 0;
    for (let b = 0; b <= nBins; b++) if (h.stats[(base + b) * stride] > 0) order[m++] = b;
    if (m < 2) return;
    const present: number[] = [];
    for (let c = 0; c < this.k; c++) if (this.totals[c] > 0) present.push(c);
    const scan = { h, base, m, index, minLeaf, best };
    if (present.length <= 2) this.scanOrdered(scan, present[0]);
    else if (m <= EXHAUSTIVE_LEVELS) this.scanAllSubsets(scan);
    else {
      present.sort((a, b) => this.totals[b] - this.totals[a]);
      for (const c of present.slice(0, MAX_ONE_VS_REST)) this.scanOrdered(scan, c);
    }
  }

  /** Levels ordered by their share of class `c`; every prefix is a candidate left side. */
  private scanOrdered(scan: LevelScan, c: number): void {
    const { h, base, m, index, minLeaf, best } = scan;
    const { stats } = h;
    const { order, shares, parts, n, stride } = this;
    for (let i = 0; i < m; i++) {
      const at = (base + order[i]) * stride;
      shares[order[i]] = stats[at + 1 + c] / stats[at];
    }
    sortByKey(order, m, shares);
    parts.start(this.totals, stats, -1);
    for (let i = 0; i < m - 1; i++) {
      const at = (base + order[i]) * stride;
      parts.moveLeft(stats, at + 1, stats[at]);
      if (parts.nLeft >= minLeaf && n - parts.nLeft >= minLeaf)
        best.offerSubset(parts.gain(false), index, order, i + 1);
    }
  }

  /**
   * Every split of the m levels into two non-empty sides, visited in Gray-code order so that each
   * step moves one level; the last level stays right, so each partition is seen once.
   */
  private scanAllSubsets(scan: LevelScan): void {
    const { h, base, m, index, minLeaf, best } = scan;
    const { stats } = h;
    const { order, parts, n, stride } = this;
    parts.start(this.totals, stats, -1);
    let mask = 0;
    const left: number[] = [];
    for (let step = 1; step < 1 << (m - 1); step++) {
      const bit = 31 - Math.clz32(step & -step);
      const at = (base + order[bit]) * stride;
      if (mask & (1 << bit)) parts.moveRight(stats, at + 1, stats[at]);
      else parts.moveLeft(stats, at + 1, stats[at]);
      mask ^= 1 << bit;
      if (parts.nLeft < minLeaf || n - parts.nLeft < minLeaf) continue;
      const gain = parts.gain(false);
      if (!(gain > best.gain)) continue;
      left.length = 0;
      for (let j = 0; j < m - 1; j++) if (mask & (1 << j)) left.push(order[j]);
      best.offerSubset(gain, index, left, left.length);
    }
  }
}

interface LevelScan {
  readonly h: Histogram;
  readonly base: number;
  readonly m: number;
  readonly index: number;
  readonly minLeaf: number;
  readonly best: BestSplit;
}

const BIN_COUNTS = new WeakMap<Predictor, Float64Array>();

/** Rows per bin of a predictor over all training rows (missing last), computed once. */
function binCounts(p: Predictor): Float64Array {
  let counts = BIN_COUNTS.get(p);
  if (!counts) {
    counts = new Float64Array(p.nBins + 1);
    for (let i = 0; i < p.bins.length; i++) counts[p.bins[i]]++;
    BIN_COUNTS.set(p, counts);
  }
  return counts;
}
