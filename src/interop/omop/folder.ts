/**
 * A CDM as a folder of CSV files, one `<table>.csv` per table with the CDM's column names as its
 * header, as OHDSI tools export them. Dates are ISO `YYYY-MM-DD`, missing values empty fields.
 * Written atomically per file; read with the header naming the columns (their order may differ).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFolder, writeFileAtomic } from '../../core/atomic-write.js';
import { DataError } from '../../core/errors.js';
import { daysFromIso, isoFromDays } from '../../data/dates.js';
import { type CdmTableName, cdmTable } from './ddl.js';
import type { CdmRow, CdmRows, CdmValue } from './rows.js';

export function writeCdmFolder(dir: string, rows: CdmRows): void {
  makeFolder(dir);
  for (const [name, list] of Object.entries(rows) as Array<[CdmTableName, CdmRow[]]>) {
    const columns = cdmTable(name).columns;
    const lines = [columns.map((c) => c.name).join(',')];
    for (const row of list)
      lines.push(columns.map((c) => csvField(row[c.name] ?? null, c.type === 'date')).join(','));
    writeFileAtomic(join(dir, `${name}.csv`), `${lines.join('\n')}\n`);
  }
}

function csvField(value: CdmValue, date: boolean): string {
  if (value === null) return '';
  if (date) return isoFromDays(value as number);
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows of one table from `dir`; a missing file is an empty table. */
export function readCdmTable(dir: string, name: CdmTableName): CdmRow[] {
  const file = join(dir, `${name}.csv`);
  if (!existsSync(file)) return [];
  const records = parseCsv(readFileSync(file, 'utf8'));
  if (!records.length) return [];
  const header = records[0].map((h) => h.trim().toLowerCase());
  const table = cdmTable(name);
  const at = table.columns.map((c) => header.indexOf(c.name));
  const missing = table.columns.find((c, i) => c.notNull && at[i] < 0);
  if (missing) throw new DataError({ file, column: missing.name }, 'a required CDM column is missing');
  return records.slice(1).map((record, r) => {
    const row: CdmRow = {};
    table.columns.forEach((c, i) => {
      const text = at[i] < 0 ? '' : (record[at[i]] ?? '');
      if (text === '') row[c.name] = null;
      else if (c.type === 'date') {
        const day = daysFromIso(text.slice(0, 10));
        if (Number.isNaN(day))
          throw new DataError({ file, row: r + 1, column: c.name }, `not a date: '${text}'`);
        row[c.name] = day;
      } else if (c.type === 'integer' || c.type === 'numeric') {
        const n = Number(text);
        if (!Number.isFinite(n))
          throw new DataError({ file, row: r + 1, column: c.name }, `not a number: '${text}'`);
        row[c.name] = n;
      } else row[c.name] = text;
    });
    return row;
  });
}

/** RFC 4180 fields: quotes around fields holding commas, quotes or line ends. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records;
}
