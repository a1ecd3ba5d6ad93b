/**
 * Typed arrays that grow while a file is read. The reader reserves a capacity estimated from the
 * first rows, so a whole file usually costs one allocation per column and one trim at the end.
 */
export function grownFloat64(values: Float64Array, need: number): Float64Array<ArrayBuffer> {
  const grown = new Float64Array(Math.max(need, Math.ceil(values.length * 1.5) + 16));
  grown.set(values);
  return grown;
}

export function grownInt32(codes: Int32Array, need: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.max(need, Math.ceil(codes.length * 1.5) + 16));
  grown.set(codes);
  return grown;
}

/** The first `n` values; copies only when the spare capacity is worth giving back. */
export function trimmed<T extends Float64Array | Int32Array>(values: T, n: number): T {
  if (values.length === n) return values;
  return (values.length - n > n / 16 ? values.slice(0, n) : values.subarray(0, n)) as T;
}

/** Codes for text values in order of first appearance, the dictionary of a text column. */
export class TextCodes {
  codes: Int32Array<ArrayBuffer>;
  readonly levels: string[] = [];
  private readonly index = new Map<string, number>();

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }

  set(row: number, text: string | undefined): void {
    if (row >= this.codes.length) this.codes = grownInt32(this.codes, row + 1);
    if (text === undefined) {
      this.codes[row] = -1;
      return;
    }
    let code = this.index.get(text);
    if (code === undefined) {
      code = this.levels.length;
      this.levels.push(text);
      this.index.set(text, code);
    }
    this.codes[row] = code;
  }

  reserve(capacity: number): void {
    if (capacity > this.codes.length) this.codes = grownInt32(this.codes, capacity);
  }
}
