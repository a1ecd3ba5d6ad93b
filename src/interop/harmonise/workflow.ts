/**
 * The two steps on files: propose (findings.json, mapping.json, report.md in a folder) and apply a
 * confirmed mapping (harmonised.csv, report.md). Every file is written atomically; the input is
 * never written to.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../../core/atomic-write.js';
import { SchemaError, UsageError } from '../../core/errors.js';
import { writeCsv } from '../../data/csv/write.js';
import { formatOf, readTable, withoutByteOrderMark } from '../../data/io.js';
import type { Schema } from '../../data/schema.js';
import { type AppliedTransformation, applyMapping } from './apply.js';
import { centreRows, type HarmoniseResult, harmoniseCentres } from './centres.js';
import { centreFindings } from './check.js';
import { HarmoniseReference } from './findings.js';
import { Mapping, proposeMapping } from './mapping.js';
import { harmoniseReport } from './report.js';
import { readTextTable, type TextTable, textTableOf } from './text-table.js';

export interface HarmoniseFileOptions {
  schema?: Schema;
  centreColumn?: string;
  /**
   * Applying: the table is this centre's own (a federation node's), which need not hold the centre
   * column; only its transformations apply. Needs the consortium schema.
   */
  centre?: string;
  /** CSV only; detected when not given. */
  delimiter?: string;
  unitTolerance?: number;
}

/** The cells' text of a CSV file; a Parquet file is read typed and written back as text. */
export async function readCells(path: string, options: HarmoniseFileOptions): Promise<TextTable> {
  if (formatOf(path) === 'parquet') {
    const { table, schema } = await readTable(path, { schema: options.schema });
    return textTableOf(table, schema);
  }
  return readTextTable(path, { delimiter: options.delimiter });
}

export interface ProposeResult {
  readonly paths: { findings: string; mapping: string; report: string };
  readonly findings: number;
  readonly transformations: number;
  readonly flagged: string[];
}

/** Findings, the proposed mapping and a before/after report (as if every proposal were accepted). */
export async function proposeHarmonisation(
  data: string,
  out: string,
  options: HarmoniseFileOptions & { acceptAll?: boolean },
): Promise<ProposeResult> {
  const before = await readCells(data, options);
  const result = harmoniseCentres(before, options.schema, options);
  const mapping = proposeMapping(result.findings, options.acceptAll);
  const everything = {
    ...mapping,
    transformations: mapping.transformations.map((t) => ({ ...t, confirmed: true })),
  };
  const after = applyMapping(before, everything).table;
  mkdirSync(out, { recursive: true });
  const paths = {
    findings: join(out, 'findings.json'),
    mapping: join(out, 'mapping.json'),
    report: join(out, 'report.md'),
  };
  writeFileAtomic(paths.findings, `${JSON.stringify(result.findings, null, 2)}\n`);
  writeFileAtomic(paths.mapping, `${JSON.stringify(mapping, null, 2)}\n`);
  const afterIs = 'every proposed transformation applied, as if confirmed';
  writeFileAtomic(paths.report, harmoniseReport({ before, after, ...result, afterIs }));
  return {
    paths,
    findings: result.findings.findings.length,
    transformations: mapping.transformations.length,
    flagged: result.findings.findings.map((f) => f.explanation),
  };
}

export interface ApplyFileResult {
  readonly paths: { harmonised: string; report: string };
  readonly applied: AppliedTransformation[];
  readonly skipped: number;
}

/** harmonised.csv with the mapping's confirmed transformations applied, and the before/after report. */
export async function applyHarmonisation(
  data: string,
  mappingFile: string,
  out: string,
  options: HarmoniseFileOptions,
): Promise<ApplyFileResult> {
  const mapping = readMapping(mappingFile);
  const before = await readCells(data, options);
  const { table: after, applied, skipped } = applyMapping(before, mapping, mappingFile, options.centre);
  const result =
    options.centre === undefined
      ? harmoniseCentres(before, options.schema, { ...options, centreColumn: mapping.centreColumn })
      : ownCentre(before, options.centre, mapping.centreColumn, options.schema);
  mkdirSync(out, { recursive: true });
  const paths = { harmonised: join(out, 'harmonised.csv'), report: join(out, 'report.md') };
  if (resolve(paths.harmonised) === resolve(data))
    throw new UsageError(`${paths.harmonised} is the input file; choose another output folder`);
  writeCsv(paths.harmonised, after);
  const afterIs = `the ${applied.length} confirmed transformation(s) of ${mappingFile} applied (${skipped} not confirmed, not applied)`;
  const also = applied.map((a) => a.transformation.column);
  writeFileAtomic(paths.report, harmoniseReport({ before, after, ...result, afterIs, also }));
  return { paths, applied, skipped };
}

/**
 * One centre's table checked against the consortium schema alone (no other centre to compare):
 * what the report shows of it before and after.
 */
function ownCentre(table: TextTable, centre: string, centreColumn: string, schema?: Schema): HarmoniseResult {
  if (!schema)
    throw new UsageError(`applying centre ${centre}'s transformations needs the consortium schema`);
  const rows = table.has(centreColumn)
    ? centreRows(table, centreColumn).find((c) => c.name === centre)?.rows
    : Uint32Array.from({ length: table.nRows }, (_, i) => i);
  if (!rows?.length)
    throw new UsageError(`the table's column '${centreColumn}' holds no row of centre ${centre}`);
  const findings = centreFindings(table, rows, schema, HarmoniseReference.parse({}), centre);
  return {
    findings: {
      format: 'harmonise-findings',
      version: 1,
      centreColumn,
      centres: [{ name: centre, rows: rows.length }],
      findings,
    },
    schema,
    centres: [{ name: centre, rows }],
  };
}

/** A mapping file, parsed and checked; problems name the file. */
export function readMapping(path: string): Mapping {
  let json: unknown;
  try {
    json = JSON.parse(withoutByteOrderMark(readFileSync(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw new SchemaError({ file: path }, 'not valid JSON');
  }
  const parsed = Mapping.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SchemaError({ file: path }, `${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data;
}
