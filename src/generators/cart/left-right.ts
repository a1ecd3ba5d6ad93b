/**
 * Class counts on the two sides of a candidate split, updated as bins move from right to left, with
 * the sums of squares Gini needs kept incrementally: O(classes) per move. The missing bin is held
 * apart so that each threshold can be scored with the missing rows on the left or on the right.
 */
export class LeftRight {
  nLeft = 0;
  nMissing = 0;
  private nRight = 0;
  private readonly left: Float64Array;
  private readonly right: Float64Array;
  private readonly missing: Float64Array;
  private squaresLeft = 0;
  private squaresRight = 0;
  private squaresMissing = 0;
  private crossLeft = 0;
  private crossRight = 0;
  private base = 0;
  private n = 0;

  constructor(private readonly k: number) {
    this.left = new Float64Array(k);
    this.right = new Float64Array(k);
    this.missing = new Float64Array(k);
  }

  /**
   * Everything on the right. With `missingAt` ≥ 0 the missing bin's counts (at that offset in
   * `counts`) are held apart; with −1 missing is an ordinary level moved like the others.
   */
  start(totals: Float64Array, counts: Float64Array, missingAt: number): void {
    const { k, left, right, missing } = this;
    this.n = 0;
    this.nMissing = 0;
    this.squaresLeft = this.squaresRight = this.squaresMissing = this.crossLeft = this.crossRight = 0;
    let squaresAll = 0;
    for (let c = 0; c < k; c++) {
      missing[c] = missingAt >= 0 ? counts[missingAt + c] : 0;
      left[c] = 0;
      right[c] = totals[c] - missing[c];
      this.n += totals[c];
      this.nMissing += missing[c];
      squaresAll += totals[c] * totals[c];
      this.squaresRight += right[c] * right[c];
      this.squaresMissing += missing[c] * missing[c];
      this.crossRight += right[c] * missing[c];
    }
    this.nLeft = 0;
    this.nRight = this.n - this.nMissing;
    this.base = squaresAll / this.n;
  }

  moveLeft(counts: Float64Array, at: number, size: number): void {
    this.move(counts, at, size, 1);
  }

  moveRight(counts: Float64Array, at: number, size: number): void {
    this.move(counts, at, size, -1);
  }

  private move(counts: Float64Array, at: number, size: number, sign: number): void {
    const { k, left, right, missing } = this;
    for (let c = 0; c < k; c++) {
      const h = sign * counts[at + c];
      if (h === 0) continue;
      this.squaresLeft += h * (2 * left[c] + h);
      this.squaresRight += h * (h - 2 * right[c]);
      this.crossLeft += h * missing[c];
      this.crossRight -= h * missing[c];
      left[c] += h;
      right[c] -= h;
    }
    this.nLeft += sign * size;
    this.nRight -= sign * size;
  }

  /** Gini gain of the current split, the held-apart missing rows on the left or the right. */
  gain(missingLeft: boolean): number {
    if (missingLeft) {
      const squaresLeft = this.squaresLeft + 2 * this.crossLeft + this.squaresMissing;
      return squaresLeft / (this.nLeft + this.nMissing) + this.squaresRight / this.nRight - this.base;
    }
    const squaresRight = this.squaresRight + 2 * this.crossRight + this.squaresMissing;
    return this.squaresLeft / this.nLeft + squaresRight / (this.nRight + this.nMissing) - this.base;
  }

  /** Gain of "missing left, every observed value right" (call right after `start`). */
  gainMissingAlone(): number {
    return this.squaresMissing / this.nMissing + this.squaresRight / this.nRight - this.base;
  }
}
