import { readFileSync } from 'node:fs';
import { SchemaError } from '../../core/errors.js';
import { withoutByteOrderMark } from '../../data/io.js';
import { loadModel } from '../../generators/load.js';
import { parseSurvivalOption } from '../../validate/endpoints.js';
import { type ModelProvenance, type Report, validate } from '../../validate/index.js';
import { provenanceOf } from '../../validate/provenance.js';
import { Thresholds } from '../../validate/thresholds.js';
import { ReplicationSpec } from '../../validate/utility/index.js';
import { readValidationTables, writeReport } from '../../workflows/validate.js';
import type { CommandContext } from '../io.js';
import { csvReadOptions, schemaOption } from './shared.js';

/** The workflow's writer, where `demo` has always found it. */
export { writeReport } from '../../workflows/validate.js';

export async function run(_args: string[], options: Record<string, unknown>, context: CommandContext) {
  const csv = csvReadOptions(options);
  const files = {
    real: options.real as string,
    synthetic: options.synthetic as string,
    holdout: options.holdout as string | undefined,
  };
  const { real, synthetic, holdout, schema } = await readValidationTables(files, {
    ...csv,
    schema: schemaOption(options),
  });
  const model = typeof options.model === 'string' ? modelOption(options.model) : undefined;
  context.progress.step(`validating ${synthetic.nRows} synthetic rows against ${real.nRows} real rows`);
  const report = validate(
    real,
    synthetic,
    {
      schema,
      holdout,
      survival: ((options.survival as string[] | undefined) ?? []).map(parseSurvivalOption),
      targets: (options.target as string[] | undefined) ?? [],
      quasiIdentifiers: options.quasiIdentifiers as string[] | undefined,
      thresholds: jsonOption(options.thresholds as string | undefined, Thresholds),
      coxTerms: options.cox as string[] | undefined,
      replication: jsonOption(options.replication as string | undefined, ReplicationSpec),
      seed: options.seed as number,
      smallCell: options.smallCell as number | undefined,
      files,
      model,
    },
    { progress: context.progress.hook },
  );
  const paths = writeReport(report, options.out as string);
  context.io.stdout(`${summaryLines(report).join('\n')}\n${paths.html}\n`);
}

/**
 * What a model file truthfully tells about how the synthetic table was made (read with the loader,
 * which checks its checksum): generator, options, version and schema hash. It does not record the
 * seed it was fitted with, nor which seed sampled the synthetic table, so those stay null.
 */
function modelOption(file: string): ModelProvenance {
  const model = loadModel(withoutByteOrderMark(readFileSync(file, 'utf8')), file);
  return {
    ...provenanceOf(model, { fit: null, sample: null }),
    file,
    note: 'the model file records no fitting seed, and the synthetic table not the seed it was sampled with',
  };
}

export function summaryLines(report: Report): string[] {
  const line = (name: string, part: { score: number | null; verdict: string }) =>
    `  ${name.padEnd(9)} ${part.verdict.padEnd(5)} ${part.score === null ? 'not computed' : `score ${part.score.toFixed(2)}`}`;
  return [
    `Verdict: ${report.verdict}`,
    line('validity', report.validity),
    line('fidelity', report.fidelity),
    line('utility', report.utility),
    line('privacy', report.privacy),
    ...(report.skipped.length ? [`  (${report.skipped.length} metric(s) not computed: see the report)`] : []),
    ...firstDiscrepancies(report),
  ];
}

/** The three findings a reader should see first, and how many more the report lists. */
function firstDiscrepancies(report: Report): string[] {
  const all = report.discrepancies;
  if (all.length === 0) return [];
  const shown = all.slice(0, 3).map((d) => `  ${d.severity.padEnd(4)} ${d.part}: ${d.message}`);
  return [
    'First to look at:',
    ...shown,
    ...(all.length > 3 ? [`  (${all.length - 3} more in the report)`] : []),
  ];
}

/** A JSON file given to an option, validated by its schema; problems name the file. */
function jsonOption<T>(
  path: string | undefined,
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
): T | undefined {
  if (path === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(withoutByteOrderMark(readFileSync(path, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code) throw error;
    throw new SchemaError({ file: path }, 'not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SchemaError({ file: path }, `${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  return parsed.data;
}
