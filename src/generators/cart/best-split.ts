/**
 * The best split found so far at one node, shared by the criteria (`regression.ts`, `gini.ts`) as
 * they scan the predictors. Only the winner is turned into a mask, so the scan allocates nothing.
 */
export class BestSplit {
  gain = 0;
  /** Index of the predictor in the tree's predictor list; -1 while nothing beats the minimum gain. */
  predictor = -1;
  /** Numeric predictors: the last bin sent left, or -1 for "missing left, observed right". */
  bin = -1;
  missingLeft = false;
  /** Level predictors: the bins sent left (`nBins` stands for missing). */
  leftBins: number[] = [];

  reset(minGain: number): void {
    this.gain = minGain;
    this.predictor = -1;
    this.leftBins.length = 0;
  }

  offerThreshold(gain: number, predictor: number, bin: number, missingLeft: boolean): void {
    if (!(gain > this.gain)) return;
    this.gain = gain;
    this.predictor = predictor;
    this.bin = bin;
    this.missingLeft = missingLeft;
  }

  /** A subset split: the first `count` entries of `order` go left. */
  offerSubset(gain: number, predictor: number, order: ArrayLike<number>, count: number): void {
    if (!(gain > this.gain)) return;
    this.gain = gain;
    this.predictor = predictor;
    this.leftBins.length = 0;
    for (let i = 0; i < count; i++) this.leftBins.push(order[i]);
  }
}

/** Sorts `items[0..count)` by `key[item]` ascending (insertion sort: a node rarely has many levels). */
export function sortByKey(items: Int32Array, count: number, key: Float64Array): void {
  if (count > 64) {
    items.set(Array.from(items.subarray(0, count)).sort((a, b) => key[a] - key[b]));
    return;
  }
  for (let i = 1; i < count; i++) {
    const item = items[i];
    const k = key[item];
    let j = i - 1;
    while (j >= 0 && key[items[j]] > k) {
      items[j + 1] = items[j];
      j--;
    }
    items[j + 1] = item;
  }
}
