/**
 * Helpers for the data layer's tests (and the benchmark): temporary files, a random table, and a
 * cell-by-cell table comparison. Nothing here imports the test runner, so it builds with the rest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Rng } from '../../core/rng.js';
import type { Schema } from '../schema.js';
import { codeColumn, numberColumn, Table } from '../table.js';

/** A fresh temporary folder. */
export function temporaryFolder(prefix = 'synthcohort-data-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `content` to `name` in a fresh temporary folder and returns the path. */
export function temporaryFile(name: string, content: string | Uint8Array): string {
  const path = join(temporaryFolder(), name);
  writeFileSync(path, content);
  return path;
}

/**
 * The first difference between two tables as text, or undefined when they hold the same columns
 * in the same order with the same cells (numbers compared with Object.is, categories by label).
 */
export function tableDifference(a: Table, b: Table): string | undefined {
  if (a.names.join('\u0000') !== b.names.join('\u0000')) return `columns ${a.names} vs ${b.names}`;
  if (a.nRows !== b.nRows) return `${a.nRows} rows vs ${b.nRows}`;
  for (const name of a.names) {
    if (a.column(name).type !== b.column(name).type)
      return `column ${name}: ${a.column(name).type} vs ${b.column(name).type}`;
    for (let row = 0; row < a.nRows; row++) {
      const [x, y] = [a.cell(name, row), b.cell(name, row)];
      if (!Object.is(x, y)) return `column ${name}, row ${row + 1}: ${String(x)} vs ${String(y)}`;
    }
  }
  return undefined;
}

/** A schema and table with every kind, awkward labels and missing values, drawn from `rng`. */
export function randomTable(rng: Rng, nRows: number): { table: Table; schema: Schema } {
  const labels = ['a', 'b,c', 'say "hi"', ' padded ', 'NA', 'multi\nline', 'é ü 中', '007'];
  const missing = (p: number) => rng.uniform() < p;
  const pick = <T>(items: readonly T[]) => items[rng.int(items.length)];
  const numbers = (draw: () => number) =>
    numberColumn(Float64Array.from({ length: nRows }, () => (missing(0.1) ? Number.NaN : draw())));
  const codes = (levels: number) =>
    Int32Array.from({ length: nRows }, () => (missing(0.1) ? -1 : rng.int(levels)));
  const table = new Table([
    [
      'id',
      codeColumn(
        Int32Array.from({ length: nRows }, (_, i) => i),
        Array.from({ length: nRows }, (_, i) => `P${i}`),
      ),
    ],
    ['x', numbers(() => rng.normal(0, 1) * 10 ** rng.int(12) * pick([1, -1, 1e-9]))],
    ['count', numbers(() => rng.int(1000) - 500)],
    ['born', numbers(() => rng.int(40000) - 10000)],
    ['label', codeColumn(codes(labels.length), labels)],
    ['flag', codeColumn(codes(2), ['no', 'yes'])],
  ]);
  const schema: Schema = {
    version: 1,
    columns: [
      { name: 'id', kind: 'categorical', role: 'id', nullable: false },
      { name: 'x', kind: 'numeric', role: 'feature', nullable: true },
      { name: 'count', kind: 'integer', role: 'feature', nullable: true },
      { name: 'born', kind: 'date', role: 'feature', nullable: true },
      { name: 'label', kind: 'categorical', role: 'feature', nullable: true, categories: labels },
      { name: 'flag', kind: 'boolean', role: 'feature', nullable: true, categories: ['no', 'yes'] },
    ],
    endpoints: [],
    rules: [],
  };
  return { table, schema };
}
