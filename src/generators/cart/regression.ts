/**
 * CART's regression criterion (Breiman, Friedman, Olshen & Stone, 1984, ch. 8): a split's gain is
 * the fall in the sum of squared errors, SL²/nL + SR²/nR − S²/n with sums of the target centred on
 * its mean. Level predictors are ordered by mean target and only prefixes are tried: for squared
 * error that finds the best of all 2^(m−1) subsets (Breiman et al., §9.4; Fisher, 1958).
 * Histogram bins hold [rows, sum of y].
 */
import { type BestSplit, sortByKey } from './best-split.js';
import type { Predictor } from './bins.js';
import type { Criterion } from './grow.js';
import type { Histogram } from './histograms.js';

export class RegressionCriterion implements Criterion {
  readonly stride = 2;
  private n = 0;
  private sum = 0;
  private readonly order: Int32Array;
  private readonly means: Float64Array;

  /** `y` is indexed by training row and centred (mean 0) to keep the sums of squares accurate. */
  constructor(
    private readonly y: Float64Array,
    maxBins: number,
  ) {
    this.order = new Int32Array(maxBins + 1);
    this.means = new Float64Array(maxBins + 1);
  }

  node(rows: Uint32Array): number {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < rows.length; i++) {
      const v = this.y[rows[i]];
      sum += v;
      squares += v * v;
    }
    this.n = rows.length;
    this.sum = sum;
    return Math.max(0, squares - (sum * sum) / rows.length);
  }

  fill(h: Histogram, p: Predictor, index: number, rows: Uint32Array): void {
    const { stats, touched } = h;
    const { y } = this;
    const bins = p.bins;
    const base = h.offsets[index];
    let size = h.touchedSize[index];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      const b = bins[r];
      const at = (base + b) * 2;
      if (stats[at] === 0) touched[base + size++] = b;
      stats[at]++;
      stats[at + 1] += y[r];
    }
    h.touchedSize[index] = size;
  }

  search(h: Histogram, p: Predictor, index: number, minLeaf: number, best: BestSplit): void {
    if (p.kind === 'numeric') this.scanThresholds(h, p.nBins, index, minLeaf, best);
    else this.scanLevels(h, p.nBins, index, minLeaf, best);
  }

  private gain(nLeft: number, sumLeft: number): number {
    const sumRight = this.sum - sumLeft;
    return (
      (sumLeft * sumLeft) / nLeft + (sumRight * sumRight) / (this.n - nLeft) - (this.sum * this.sum) / this.n
    );
  }

  /** Thresholds over the ordered bins, with the missing rows tried on either side, or alone. */
  private scanThresholds(h: Histogram, nBins: number, index: number, minLeaf: number, best: BestSplit): void {
    const { stats } = h;
    const { n, order } = this;
    const base = h.offsets[index];
    const nMissing = stats[(base + nBins) * 2];
    const sumMissing = stats[(base + nBins) * 2 + 1];
    const maxLeft = n - minLeaf;
    if (nMissing >= minLeaf && nMissing <= maxLeft)
      best.offerThreshold(this.gain(nMissing, sumMissing), index, -1, true);
    const present = h.observedBins(index, nBins, order);
    let nLeft = 0;
    let sumLeft = 0;
    for (let i = 0; i < present - 1; i++) {
      const at = (base + order[i]) * 2;
      nLeft += stats[at];
      sumLeft += stats[at + 1];
      if (nLeft >= minLeaf && nLeft <= maxLeft)
        best.offerThreshold(this.gain(nLeft, sumLeft), index, order[i], false);
      if (nMissing > 0 && nLeft + nMissing >= minLeaf && nLeft + nMissing <= maxLeft)
        best.offerThreshold(this.gain(nLeft + nMissing, sumLeft + sumMissing), index, order[i], true);
    }
  }

  /** Levels (missing among them) ordered by mean target; every prefix is a candidate left side. */
  private scanLevels(h: Histogram, nBins: number, index: number, minLeaf: number, best: BestSplit): void {
    const { stats } = h;
    const { n, order, means } = this;
    const base = h.offsets[index];
    let m = 0;
    for (let b = 0; b <= nBins; b++) {
      const at = (base + b) * 2;
      if (stats[at] === 0) continue;
      means[b] = stats[at + 1] / stats[at];
      order[m++] = b;
    }
    sortByKey(order, m, means);
    let nLeft = 0;
    let sumLeft = 0;
    for (let i = 0; i < m - 1; i++) {
      const at = (base + order[i]) * 2;
      nLeft += stats[at];
      sumLeft += stats[at + 1];
      if (nLeft >= minLeaf && n - nLeft >= minLeaf)
        best.offerSubset(this.gain(nLeft, sumLeft), index, order, i + 1);
    }
  }
}
