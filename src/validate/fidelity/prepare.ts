/**
 * The column pairs fidelity compares: every schema column except identifiers, present in both
 * tables, with code columns brought onto one list of levels by label (the real table's order, then
 * labels only the synthetic table has), since two tables may order their levels differently. A
 * column with values in one table and none in the other cannot be tested, but it is not skipped:
 * the table without its values reproduces nothing of it (`oneSided`).
 */
import type { ColumnKind, ColumnRole, Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import type { Skipped } from '../types.js';

interface PairBase {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly role: ColumnRole;
}

export interface NumberPair extends PairBase {
  readonly type: 'number';
  readonly real: Float64Array;
  readonly synthetic: Float64Array;
}

export interface CodePair extends PairBase {
  readonly type: 'code';
  readonly levels: readonly string[];
  readonly real: Int32Array;
  readonly synthetic: Int32Array;
}

export type ColumnPair = NumberPair | CodePair;

export interface Prepared {
  /** Columns with at least one value in each table. */
  readonly columns: ColumnPair[];
  /** Columns with values in one table only; `emptyIn` names the other. */
  readonly oneSided: Array<ColumnPair & { readonly emptyIn: 'real' | 'synthetic' }>;
  readonly skipped: Skipped[];
}

export function prepareColumns(real: Table, synthetic: Table, schema: Schema): Prepared {
  const columns: ColumnPair[] = [];
  const oneSided: Prepared['oneSided'] = [];
  const skipped: Skipped[] = [];
  for (const spec of schema.columns) {
    if (spec.role === 'id' || !real.has(spec.name) || !synthetic.has(spec.name)) continue;
    const pair = pairOf(real, synthetic, spec.name, spec.kind, spec.role);
    const emptyIn = [
      ...(present(pair.real) === 0 ? ['real'] : []),
      ...(present(pair.synthetic) === 0 ? ['synthetic'] : []),
    ];
    if (emptyIn.length === 1) {
      skipped.push({
        metric: `fidelity.columns.${spec.name}`,
        reason: `no test: the column has no values in the ${emptyIn[0]} table, so it scores 0`,
      });
      oneSided.push({ ...pair, emptyIn: emptyIn[0] as 'real' | 'synthetic' });
    } else if (emptyIn.length === 2) {
      skipped.push({
        metric: `fidelity.columns.${spec.name}`,
        reason: 'the column has no values in either table',
      });
    } else columns.push(pair);
  }
  return { columns, oneSided, skipped };
}

function pairOf(real: Table, synthetic: Table, name: string, kind: ColumnKind, role: ColumnRole): ColumnPair {
  const a = real.column(name);
  const b = synthetic.column(name);
  if (a.type === 'number' && b.type === 'number')
    return { type: 'number', name, kind, role, real: a.values, synthetic: b.values };
  if (a.type === 'code' && b.type === 'code') {
    const levels = [...a.levels];
    const position = new Map(levels.map((level, i) => [level, i]));
    for (const level of b.levels)
      if (!position.has(level)) {
        position.set(level, levels.length);
        levels.push(level);
      }
    const map = Int32Array.from(b.levels, (level) => position.get(level)!);
    const codes = Int32Array.from(b.codes, (code) => (code < 0 ? -1 : map[code]));
    return { type: 'code', name, kind, role, levels, real: a.codes, synthetic: codes };
  }
  throw new TypeError(`column '${name}' holds numbers in one table and categories in the other`);
}

/** Number of non-missing values. */
export function present(values: Float64Array | Int32Array): number {
  let count = 0;
  if (values instanceof Float64Array) {
    for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) count++;
  } else {
    for (let i = 0; i < values.length; i++) if (values[i] >= 0) count++;
  }
  return count;
}

/** JSON has no NaN or Infinity: a value that is not finite is reported as null. */
export function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
}
