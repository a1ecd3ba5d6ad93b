/** Simulated multi-centre cohorts rewritten, for one centre, the way a real centre might write them. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCsv, numberText } from '../../../data/csv/write.js';
import { isoFromDays } from '../../../data/dates.js';
import type { Schema } from '../../../data/schema.js';
import { numberColumn, type Table } from '../../../data/table.js';
import { codeColumnOfTexts } from '../text-table.js';

export function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'harmonise-'));
}

export function csvFile(table: Table, schema?: Schema, name = 'data.csv'): string {
  const path = join(tempFolder(), name);
  writeFileSync(path, formatCsv(table, schema));
  return path;
}

/** The cell text of every row of `column`, as the CSV writer writes it (null for missing). */
export function cellTexts(table: Table, column: string, schema?: Schema): Array<string | null> {
  const isDate = schema?.columns.find((c) => c.name === column)?.kind === 'date';
  return Array.from({ length: table.nRows }, (_, i) => {
    const v = table.cell(column, i);
    if (v === undefined) return null;
    return typeof v === 'number' ? (isDate ? isoFromDays(v) : numberText(v)) : v;
  });
}

/** `column` with the text of `centre`'s rows rewritten by `rewrite` (the column becomes text). */
export function rewriteCentre(
  table: Table,
  column: string,
  centre: string,
  rewrite: (text: string, row: number) => string,
  schema?: Schema,
): Table {
  const texts = cellTexts(table, column, schema);
  const out = texts.map((t, i) => (t !== null && table.cell('centre', i) === centre ? rewrite(t, i) : t));
  return table.withColumn(column, codeColumnOfTexts(out));
}

/** A diagnosis date per patient (days since 1970), spread over 2012–2021, with its schema entry. */
export function withDiagnosisDate(table: Table, schema: Schema): { table: Table; schema: Schema } {
  const start = 15340; // 2012-01-01
  const days = Float64Array.from({ length: table.nRows }, (_, i) => start + ((i * 7919) % 3650));
  return {
    table: table.withColumn('diagnosis_date', numberColumn(days)),
    schema: {
      ...schema,
      columns: [...schema.columns, { name: 'diagnosis_date', kind: 'date', role: 'feature', nullable: true }],
    },
  };
}
