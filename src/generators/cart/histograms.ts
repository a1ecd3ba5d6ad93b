/**
 * Per-node histograms of every predictor, one buffer per depth, with the subtraction trick of
 * LightGBM (Ke et al., NeurIPS 2017): after a split only the smaller child is counted row by row;
 * the larger child's histogram is its parent's minus the smaller's, computed in place. Each row is
 * then counted in at most log2(n) nodes instead of in every node on its path, which matters because
 * synthpop-style trees are deep (cp = 1e-8, minLeaf 5).
 *
 * A bin holds `stride` numbers: its row count first, then the criterion's statistics. Each
 * predictor keeps the list of bins it touched, so clearing and scanning small nodes cost O(bins
 * touched) rather than O(bins).
 */
import type { Predictor } from './bins.js';

export class Histogram {
  /** Bin statistics of all predictors: `(offsets[p] + bin) * stride + s`. */
  readonly stats: Float64Array;
  /** Bins touched, per predictor from `offsets[p]`, `touchedSize[p]` of them. */
  readonly touched: Int32Array;
  readonly touchedSize: Int32Array;

  constructor(
    readonly offsets: Int32Array,
    totalBins: number,
    readonly stride: number,
  ) {
    this.stats = new Float64Array(totalBins * stride);
    this.touched = new Int32Array(totalBins);
    this.touchedSize = new Int32Array(offsets.length);
  }

  /** `this −= smaller` for predictor p (the larger child from its parent). */
  subtract(smaller: Histogram, p: number): void {
    const { stride, stats } = this;
    const base = this.offsets[p];
    for (let i = 0; i < smaller.touchedSize[p]; i++) {
      const at = (base + smaller.touched[base + i]) * stride;
      for (let s = 0; s < stride; s++) stats[at + s] -= smaller.stats[at + s];
    }
  }

  /** Back to all zeros for predictor p. */
  clear(p: number): void {
    const { stride, stats } = this;
    const base = this.offsets[p];
    for (let i = 0; i < this.touchedSize[p]; i++) {
      const at = (base + this.touched[base + i]) * stride;
      for (let s = 0; s < stride; s++) stats[at + s] = 0;
    }
    this.touchedSize[p] = 0;
  }

  /**
   * The observed (non-missing) bins of predictor p with rows, ascending, into `out`; returns how
   * many. Sorting the touched list is cheaper than a pass over all bins only when few were touched.
   */
  observedBins(p: number, nBins: number, out: Int32Array): number {
    const { stride, stats } = this;
    const base = this.offsets[p];
    const size = this.touchedSize[p];
    let k = 0;
    if (size * 8 < nBins) {
      for (let i = 0; i < size; i++) {
        const b = this.touched[base + i];
        if (b < nBins && stats[(base + b) * stride] > 0) out[k++] = b;
      }
      out.subarray(0, k).sort();
    } else {
      for (let b = 0; b < nBins; b++) if (stats[(base + b) * stride] > 0) out[k++] = b;
    }
    return k;
  }
}

/** One histogram per depth, allocated when a tree first grows that deep. */
export class HistogramStack {
  private readonly offsets: Int32Array;
  private readonly totalBins: number;
  private readonly levels: Histogram[] = [];

  constructor(
    predictors: readonly Predictor[],
    private readonly stride: number,
  ) {
    this.offsets = new Int32Array(predictors.length);
    let total = 0;
    predictors.forEach((p, i) => {
      this.offsets[i] = total;
      total += p.nBins + 1;
    });
    this.totalBins = total;
  }

  at(depth: number): Histogram {
    while (this.levels.length <= depth)
      this.levels.push(new Histogram(this.offsets, this.totalBins, this.stride));
    return this.levels[depth];
  }
}
