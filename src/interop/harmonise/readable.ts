/**
 * A centre's cells as the consortium schema reads them, with every cell it cannot read blanked:
 * a label outside the levels (`Intensive chemo`), a number written `3,5`, a date written
 * `31/01/2024`. A typed read refuses the whole table at the first such cell; a node that checks its
 * own table for harmonisation must still count what it can read, and say (through its findings)
 * why the rest is unreadable. The schema's bounds are not checked here: a lab in another unit lies
 * beyond them, and is what the check must see.
 *
 * A column whose cells mostly do not read is blanked whole: what reads there is no sample of the
 * centre's patients (the integer white counts of a decimal-comma centre), and counting it would
 * let a schema ask whether one guessed value is present (declare a free-text or identifier column
 * categorical with the guess as its only level, and the cells that do not read fall away).
 */
import { booleanWord } from '../../data/boolean-words.js';
import { daysFromIso } from '../../data/dates.js';
import type { ColumnSpec, Schema } from '../../data/schema.js';
import { codeColumn, MISSING_CODE, Table } from '../../data/table.js';
import type { TextTable } from './text-table.js';

export interface ReadableCells {
  /** The schema's columns the table holds, as text; unreadable cells blanked (missing). */
  readonly table: TextTable;
  /** Per column, the cells blanked (every present cell when most did not read). */
  readonly unreadable: ReadonlyMap<string, number>;
}

/** Whether the schema reads `text` in a column of this spec, as `conformTable` would. */
export function readsAs(spec: ColumnSpec, text: string, categories?: ReadonlySet<string>): boolean {
  switch (spec.kind) {
    case 'categorical':
      return spec.categories === undefined || (categories ?? new Set(spec.categories)).has(text);
    case 'boolean':
      return booleanWord(text, spec.categories) >= 0;
    case 'date':
      return !Number.isNaN(daysFromIso(text.trim()));
    default: {
      const trimmed = text.trim();
      const value = trimmed === '' ? Number.NaN : Number(trimmed);
      return Number.isFinite(value) && (spec.kind !== 'integer' || Number.isInteger(value));
    }
  }
}

export function readableCells(text: TextTable, schema: Schema): ReadableCells {
  const unreadable = new Map<string, number>();
  const columns = schema.columns
    .filter((spec) => text.has(spec.name))
    .map((spec) => {
      const { codes, levels } = text.codes(spec.name);
      const categories = new Set(spec.categories);
      const keep = levels.map((level) => readsAs(spec, level, categories));
      let [present, blanked] = [0, 0];
      for (const code of codes)
        if (code !== MISSING_CODE) {
          present++;
          if (!keep[code]) blanked++;
        }
      const whole = blanked * 2 > present;
      const kept = Int32Array.from(codes, (code) =>
        code === MISSING_CODE || whole || !keep[code] ? MISSING_CODE : code,
      );
      unreadable.set(spec.name, whole ? present : blanked);
      return [spec.name, codeColumn(kept, levels)] as const;
    });
  return { table: new Table(columns), unreadable };
}
