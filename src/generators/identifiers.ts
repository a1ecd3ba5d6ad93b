import type { ColumnSpec } from '../data/schema.js';
import { type Column, codeColumn, numberColumn } from '../data/table.js';

/**
 * Fresh identifiers for synthetic rows: numbers 1..n for numeric id columns, `SYN-000001`… for text.
 * They share nothing with the real identifiers, so no synthetic row can be linked back by its id.
 */
export function freshIdentifiers(spec: ColumnSpec, rows: number): Column {
  if (spec.kind === 'numeric' || spec.kind === 'integer')
    return numberColumn(Float64Array.from({ length: rows }, (_, i) => i + 1));
  const width = Math.max(6, String(rows).length);
  const labels = Array.from({ length: rows }, (_, i) => `SYN-${String(i + 1).padStart(width, '0')}`);
  return codeColumn(
    Int32Array.from({ length: rows }, (_, i) => i),
    labels,
  );
}
