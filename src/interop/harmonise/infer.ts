/**
 * Column kinds from cell text, when no schema is given: a column is numeric when nearly every
 * value reads as a number with either decimal mark, a date when nearly every value is an ISO or a
 * slashed date, categorical when it has few distinct labels; anything else (identifiers, free text)
 * is left out. The schema inference in data/ is not used: it types values with one decimal mark and
 * one date order for the whole file, the very thing that differs between centres here.
 */
import type { ColumnSpec, Schema } from '../../data/schema.js';
import { dateEvidence, parseNumberText } from './formats.js';
import type { TextTable } from './text-table.js';

/** Share of a column's values that must read as its kind. */
const NEARLY_ALL = 0.95;
/** More distinct labels than this and a text column is free text, not a category. */
const MAX_LEVELS = 60;

export function inferTextSchema(table: TextTable, centreColumn: string): Schema {
  const columns: ColumnSpec[] = table.names.map((name) => {
    if (name === centreColumn) return spec(name, 'categorical', 'centre');
    const { codes, levels } = table.codes(name);
    const counts = new Float64Array(levels.length);
    for (const code of codes) if (code >= 0) counts[code]++;
    const n = counts.reduce((a, b) => a + b, 0);
    const pairs = levels.map((level, k) => [level, counts[k]] as const);
    const numeric = pairs.reduce(
      (acc, [t, c]) =>
        acc + (Number.isNaN(parseNumberText(t, '.')) && Number.isNaN(parseNumberText(t, ',')) ? 0 : c),
      0,
    );
    if (n > 0 && numeric >= NEARLY_ALL * n) return spec(name, 'numeric', 'feature');
    const dates = dateEvidence(pairs);
    const dated = dates.iso + dates.dayFirst + dates.monthFirst + dates.either;
    if (n > 0 && dated >= NEARLY_ALL * n) return spec(name, 'date', 'feature');
    if (levels.length <= MAX_LEVELS) return spec(name, 'categorical', 'feature');
    return spec(name, 'categorical', 'id');
  });
  return { version: 1, columns, endpoints: [], rules: [] };
}

function spec(name: string, kind: ColumnSpec['kind'], role: ColumnSpec['role']): ColumnSpec {
  return { name, kind, role, nullable: true };
}
