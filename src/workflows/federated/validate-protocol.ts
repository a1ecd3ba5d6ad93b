/**
 * Federated validation (the SAFE workflow) as a federated protocol: one shareable phase.
 *
 *   validate  site: read the synthetic cohort with the job's schema → validate it against the
 *                   site's own patients (its training rows) → report.json and report.html in the
 *                   site's output folder → answer the shareable report
 *             hub:  check every answer (ShareableReport) → merge them (mergeCentreReports)
 *
 * Scope: with a centre column in the schema, a site compares its patients with the synthetic
 * patients of its own centre (scope 'centre', the default), so that a synthetic cohort that keeps
 * every centre's case mix scores well at every centre and the pooled score means what a pooled
 * validation would; scope 'cohort' compares them with the whole synthetic cohort.
 *
 * No holdout: every row of a site went into the federated fit, so a split made now would not hold
 * out anything. The metrics that need a holdout are reported as not computed, as a local report
 * without a holdout does (docs/federation/federated-validation.md).
 */
import * as z from 'zod';
import { DataError, InputError } from '../../core/errors.js';
import { columnsWithRole, Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import { type FederatedReport, mergeCentreReports, ShareableReport } from '../../report/federated.js';
import { validate } from '../../validate/index.js';
import { ValidateOptions } from '../../validate/options.js';
import { shareableReport, tableFromCsvText, writeReport } from '../validate.js';
import { conformToJob } from './conform-site.js';
import type { FederatedProtocol, PhasePlan, SiteContext } from './protocol.js';

export const VALIDATE_PROTOCOL = 'validate';
/**
 * The largest synthetic cohort a job carries, in CSV characters: 16 Mi, about 40,000 AML rows of
 * 67 columns, well inside the hub's 64 MiB request limit and what a site validates in minutes.
 */
export const MAX_SYNTHETIC_CHARS = 16 * 1024 * 1024;

/** The options of `validate` a coordinator may set for every site (tables and files are the site's). */
export const FederatedValidateOptions = ValidateOptions.pick({
  survival: true,
  targets: true,
  quasiIdentifiers: true,
  thresholds: true,
  replication: true,
  coxTerms: true,
  seed: true,
  smallCell: true,
}).extend({
  /**
   * A centre checks the consortium's rules (the job's schema: declared, or found across the centres
   * by `federate rules`), not the rules its own patients happen to obey: off unless asked.
   */
  foundRules: z.boolean().default(false),
});

export const ValidateJobParameters = z
  .object({
    schema: Schema,
    /** The synthetic cohort as CSV text with a header, read at each site with `schema`. */
    synthetic: z
      .string()
      .min(1, 'expected the synthetic cohort as CSV text')
      .max(MAX_SYNTHETIC_CHARS, `expected at most ${MAX_SYNTHETIC_CHARS} characters of CSV`),
    /** Default: 'centre' when the schema has a column with role centre, else 'cohort'. */
    scope: z.enum(['centre', 'cohort']).optional(),
    options: FederatedValidateOptions.prefault({}),
    /** Score spread above which centres disagree (default DEFAULT_SPREAD_THRESHOLD). */
    spreadThreshold: z.number().min(0).max(1).optional(),
  })
  .strict()
  .superRefine((parameters, context) => {
    if (parameters.scope === 'centre' && !centreColumnOf(parameters.schema))
      context.addIssue({
        code: 'custom',
        path: ['scope'],
        message: "scope 'centre' needs a column with role centre in the schema; the schema has none",
      });
  });
export type ValidateJobParameters = z.infer<typeof ValidateJobParameters>;

export const validateProtocol: FederatedProtocol<ValidateJobParameters, FederatedReport> = {
  name: VALIDATE_PROTOCOL,
  parameters: ValidateJobParameters,
  shareable: ShareableReport as unknown as z.ZodType<Record<string, unknown>>,
  firstPhase(_parameters, sites): PhasePlan {
    return { name: 'validate', kind: 'shareable', input: {}, sites };
  },
  next(parameters, phases) {
    const last = phases.at(-1);
    if (last?.result.kind !== 'shareable')
      throw new DataError({}, "federated validation has one shareable phase, 'validate'");
    const answers = last.result.answers;
    const centres = last.sites
      .filter((name) => name in answers)
      .map((name) => ({ name, report: ShareableReport.parse(answers[name]) }));
    return { result: mergeCentreReports(centres, { spreadThreshold: parameters.spreadThreshold }) };
  },
  answer(parameters, _plan, site) {
    try {
      return validateAtSite(parameters, site);
    } catch (error) {
      // The site declines; the message stays at the site and in its runner's log.
      if (error instanceof InputError && !(error instanceof DataError))
        throw new DataError(error.where, error.detail);
      throw error;
    }
  },
};

/** The site's part: its own report, written where its staff read it, and the shareable form. */
function validateAtSite(parameters: ValidateJobParameters, site: SiteContext): Record<string, unknown> {
  const { schema } = parameters;
  // Every column of the schema: validation reads them all, identifiers included (never reported).
  const real = conformToJob(
    site.table,
    schema,
    schema.columns.map((c) => c.name),
  );
  const cohort = tableFromCsvText(parameters.synthetic, schema, 'the synthetic cohort');
  const synthetic = scopeOf(parameters) === 'centre' ? ownCentre(real, cohort, schema) : cohort;
  const report = validate(real, synthetic, { ...parameters.options, schema });
  if (site.outputDir) writeReport(report, site.outputDir);
  // As it crosses the wire: plain JSON, so the hub stores exactly what the site sent.
  return JSON.parse(JSON.stringify(shareableReport(report))) as Record<string, unknown>;
}

function centreColumnOf(schema: Schema): string | undefined {
  return columnsWithRole(schema, 'centre')[0]?.name;
}

function scopeOf(parameters: ValidateJobParameters): 'centre' | 'cohort' {
  return parameters.scope ?? (centreColumnOf(parameters.schema) ? 'centre' : 'cohort');
}

/** The synthetic patients of the site's centre(s), as the site's own centre column names them. */
function ownCentre(real: Table, cohort: Table, schema: Schema): Table {
  const column = centreColumnOf(schema) as string;
  const own = real.codes(column);
  const present = new Set<string>();
  for (const code of own.codes) if (code >= 0) present.add(own.levels[code]);
  const synthetic = cohort.codes(column);
  const kept = cohort.filter((row) => {
    const code = synthetic.codes[row];
    return code >= 0 && present.has(synthetic.levels[code]);
  });
  if (kept.nRows === 0)
    throw new DataError(
      { column },
      `the synthetic cohort has no patient of this site's centre; validate with scope 'cohort' to compare against the whole cohort`,
    );
  return kept;
}
