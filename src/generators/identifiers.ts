import type { ColumnSpec } from '../data/schema.js';
import { serialIds } from '../data/serial-ids.js';
import { type Column, numberColumn } from '../data/table.js';

/**
 * Fresh identifiers for synthetic rows: numbers 1..n for numeric id columns, `SYN-000001`… for text.
 * They share nothing with the real identifiers, so no synthetic row can be linked back by its id.
 */
export function freshIdentifiers(spec: ColumnSpec, rows: number): Column {
  if (spec.kind === 'numeric' || spec.kind === 'integer')
    return numberColumn(Float64Array.from({ length: rows }, (_, i) => i + 1));
  return serialIds('SYN', rows);
}
