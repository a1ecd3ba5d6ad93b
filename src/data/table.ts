/**
 * A columnar, immutable table. Numbers live in `Float64Array` with NaN for missing; categories are
 * `Int32Array` codes into a list of levels, with -1 for missing. Dates are numbers: days since
 * 1970-01-01 (UTC). Booleans are codes too, with levels `[false label, true label]`, so code 1 is true.
 * Numeric code runs on these arrays, never on row objects.
 */
export interface NumberColumn {
  readonly type: 'number';
  readonly values: Float64Array;
}

export interface CodeColumn {
  readonly type: 'code';
  readonly codes: Int32Array;
  readonly levels: readonly string[];
}

export type Column = NumberColumn | CodeColumn;

export const MISSING_CODE = -1;

export function numberColumn(values: Float64Array | ArrayLike<number>): NumberColumn {
  return { type: 'number', values: values instanceof Float64Array ? values : Float64Array.from(values) };
}

export function codeColumn(codes: Int32Array | ArrayLike<number>, levels: readonly string[]): CodeColumn {
  return { type: 'code', codes: codes instanceof Int32Array ? codes : Int32Array.from(codes), levels };
}

/** Codes from string values; levels in the given order, or in order of first appearance. */
export function codeColumnFromStrings(
  values: ArrayLike<string | null | undefined>,
  levels?: readonly string[],
): CodeColumn {
  const known = new Map<string, number>((levels ?? []).map((level, i) => [level, i]));
  const order = levels ? [...levels] : [];
  const codes = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      codes[i] = MISSING_CODE;
      continue;
    }
    let code = known.get(v);
    if (code === undefined) {
      if (levels) throw new RangeError(`value '${v}' is not one of the levels ${levels.join(', ')}`);
      code = order.length;
      order.push(v);
      known.set(v, code);
    }
    codes[i] = code;
  }
  return { type: 'code', codes, levels: order };
}

export function columnLength(column: Column): number {
  return column.type === 'number' ? column.values.length : column.codes.length;
}

export function isMissing(column: Column, row: number): boolean {
  return column.type === 'number' ? Number.isNaN(column.values[row]) : column.codes[row] < 0;
}

export class Table {
  readonly names: readonly string[];
  readonly nRows: number;
  private readonly byName: ReadonlyMap<string, Column>;

  constructor(columns: ReadonlyArray<readonly [string, Column]>) {
    const byName = new Map<string, Column>();
    let nRows = -1;
    for (const [name, column] of columns) {
      if (byName.has(name)) throw new RangeError(`duplicate column name '${name}'`);
      const length = columnLength(column);
      if (nRows >= 0 && length !== nRows)
        throw new RangeError(`column '${name}' has ${length} rows, expected ${nRows}`);
      nRows = length;
      byName.set(name, column);
    }
    this.names = columns.map(([name]) => name);
    this.nRows = Math.max(nRows, 0);
    this.byName = byName;
  }

  get nColumns(): number {
    return this.names.length;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  column(name: string): Column {
    const column = this.byName.get(name);
    if (!column) throw new RangeError(`no column named '${name}'`);
    return column;
  }

  /** The Float64Array of a number column (throws on a code column). */
  numbers(name: string): Float64Array {
    const column = this.column(name);
    if (column.type !== 'number') throw new TypeError(`column '${name}' holds categories, not numbers`);
    return column.values;
  }

  /** The code column of a categorical or boolean column (throws on a number column). */
  codes(name: string): CodeColumn {
    const column = this.column(name);
    if (column.type !== 'code') throw new TypeError(`column '${name}' holds numbers, not categories`);
    return column;
  }

  /** The value of one cell as text, `undefined` when missing (for messages and row views). */
  cell(name: string, row: number): string | number | undefined {
    const column = this.column(name);
    if (column.type === 'number') {
      const v = column.values[row];
      return Number.isNaN(v) ? undefined : v;
    }
    const code = column.codes[row];
    return code < 0 ? undefined : column.levels[code];
  }

  columns(): Array<[string, Column]> {
    return this.names.map((name) => [name, this.byName.get(name)!]);
  }

  select(names: readonly string[]): Table {
    return new Table(names.map((name) => [name, this.column(name)] as const));
  }

  withColumn(name: string, column: Column): Table {
    const entries = this.columns();
    const at = entries.findIndex(([n]) => n === name);
    if (at >= 0) entries[at] = [name, column];
    else entries.push([name, column]);
    return new Table(entries);
  }

  /** The rows at `indices`, in that order (indices may repeat). */
  take(indices: ArrayLike<number>): Table {
    return new Table(
      this.columns().map(([name, column]) => {
        if (column.type === 'number') {
          const out = new Float64Array(indices.length);
          for (let i = 0; i < indices.length; i++) out[i] = column.values[indices[i]];
          return [name, numberColumn(out)] as const;
        }
        const out = new Int32Array(indices.length);
        for (let i = 0; i < indices.length; i++) out[i] = column.codes[indices[i]];
        return [name, codeColumn(out, column.levels)] as const;
      }),
    );
  }

  /** Row indices where `keep` is true. */
  filter(keep: (row: number) => boolean): Table {
    const indices: number[] = [];
    for (let i = 0; i < this.nRows; i++) if (keep(i)) indices.push(i);
    return this.take(Uint32Array.from(indices));
  }
}
