/**
 * The validation workflow as one library path: read the tables → validate → write report.json and
 * report.html → the shareable form. The CLI's `validate`, `demo`, a federated node and the hub call
 * these functions; none of them prints or names a flag.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-write.js';
import { readCsvWithSchema } from '../data/csv/read.js';
import { type ReadOptions, readTable } from '../data/io.js';
import type { Schema } from '../data/schema.js';
import type { Table } from '../data/table.js';
import type { FederatedReport } from '../report/federated.js';
import { renderFederatedReportHtml } from '../report/federated-html.js';
import { renderReportHtml } from '../report/html.js';
import type { Report } from '../validate/index.js';

export interface ValidationFiles {
  readonly real: string;
  readonly synthetic: string;
  readonly holdout?: string;
}

export interface ValidationTables {
  readonly real: Table;
  readonly synthetic: Table;
  readonly holdout?: Table;
  /** The real table's schema (given, or inferred from it): the other tables are read with it. */
  readonly schema: Schema;
}

/**
 * The real table (with the given schema, or one inferred from it), then the synthetic table and the
 * holdout with the real table's schema, so that a column of another kind is named by its file.
 */
export async function readValidationTables(
  files: ValidationFiles,
  options: ReadOptions = {},
): Promise<ValidationTables> {
  const real = await readTable(files.real, options);
  const withReal = { ...options, schema: real.schema };
  const synthetic = await readTable(files.synthetic, withReal);
  const holdout = files.holdout ? await readTable(files.holdout, withReal) : undefined;
  return { real: real.table, synthetic: synthetic.table, holdout: holdout?.table, schema: real.schema };
}

/**
 * A table sent as CSV text (a federated job's synthetic cohort), read with `schema` exactly as a CSV
 * file would be: the text goes to a private temporary folder, which is removed afterwards.
 * `name` is what messages call the table.
 */
export function tableFromCsvText(text: string, schema: Schema, name: string): Table {
  const folder = mkdtempSync(join(tmpdir(), 'synthcohort-csv-'));
  try {
    const path = join(folder, 'table.csv');
    writeFileAtomic(path, text);
    return readCsvWithSchema(path, schema, { file: name });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** report.json and report.html in `dir`, each written atomically. */
export function writeReport(report: Report, dir: string): { json: string; html: string } {
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileAtomic(html, renderReportHtml(report));
  return { json, html };
}

/**
 * What a centre sends out of its walls: the report as `validate` made it — no value of a single
 * patient, small cells suppressed (src/validate/shareable.test.ts) — without the names of its local
 * files (a path can name a ward or a person) and without the model file's local path.
 */
export function shareableReport(report: Report): Report {
  const model = report.model ? withoutKey(report.model, 'file') : null;
  return { ...report, files: {}, model };
}

function withoutKey<T extends object, K extends keyof T>(value: T, key: K): Omit<T, K> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}

export interface FederatedReportFiles {
  readonly json: string;
  readonly html: string;
  /** Each centre's shareable report as report.json and report.html in a folder of its own. */
  readonly centres: ReadonlyArray<{ readonly name: string; readonly json: string; readonly html: string }>;
}

/**
 * The federated report as a coordinator reads it: `dir/report.json` and `dir/report.html` (linking
 * to each centre's page), and each centre's shareable report in `dir/<centre>/`. Every file is
 * written atomically; a centre's name becomes a folder name only through `centreFolders`.
 */
export function writeFederatedReport(report: FederatedReport, dir: string): FederatedReportFiles {
  const folders = centreFolders(report.centres.map((c) => c.name));
  const centres = report.centres.map((centre, i) => {
    // A shareable report is a report as `validate` wrote it, less the centre's file names.
    const paths = writeReport(centre.report as unknown as Report, join(dir, folders[i]));
    return { name: centre.name, ...paths };
  });
  const json = join(dir, 'report.json');
  const html = join(dir, 'report.html');
  writeFileAtomic(json, `${JSON.stringify(report, null, 2)}\n`);
  const href = new Map(
    report.centres.map((c, i) => [c.name, `${encodeURIComponent(folders[i])}/report.html`]),
  );
  writeFileAtomic(html, renderFederatedReportHtml(report, { centreReportHref: (name) => href.get(name) }));
  return { json, html, centres };
}

/**
 * A folder name per centre that stays inside the report's folder whatever the centre is called:
 * letters, digits, `.`, `_` and `-` kept, anything else `_`, no leading dot, and a number added
 * when two names come out the same.
 */
export function centreFolders(names: readonly string[]): string[] {
  const used = new Set<string>(['report.json', 'report.html']);
  return names.map((name) => {
    const base =
      name
        .replace(/[^A-Za-z0-9._-]/g, '_')
        .replace(/^\.+/, '_')
        .slice(0, 64) || 'centre';
    let folder = base;
    for (let n = 2; used.has(folder.toLowerCase()); n++) folder = `${base}-${n}`;
    used.add(folder.toLowerCase());
    return folder;
  });
}
