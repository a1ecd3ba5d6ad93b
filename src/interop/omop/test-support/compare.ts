import type { Schema } from '../../../data/schema.js';
import type { Table } from '../../../data/table.js';

/** Cells that differ between two tables of one schema (ids aside), as "column row: a ≠ b" lines. */
export function tableDifferences(a: Table, b: Table, schema: Schema, limit = 10): string[] {
  const out: string[] = [];
  if (a.nRows !== b.nRows) return [`rows: ${a.nRows} ≠ ${b.nRows}`];
  for (const spec of schema.columns) {
    if (spec.role === 'id') continue;
    const tolerance = spec.decimals === undefined ? 1e-9 : 0.5 * 10 ** -spec.decimals + 1e-12;
    for (let r = 0; r < a.nRows && out.length < limit; r++) {
      const x = a.cell(spec.name, r);
      const y = b.cell(spec.name, r);
      const same = typeof x === 'number' && typeof y === 'number' ? Math.abs(x - y) <= tolerance : x === y;
      if (!same) out.push(`${spec.name} row ${r + 1}: ${String(x)} ≠ ${String(y)}`);
    }
  }
  return out;
}
