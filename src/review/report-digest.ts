/**
 * The validation report inside the review app (issue 12, step 2): its verdict and the
 * discrepancies first — every dimension, pooled score, disagreement and finding judged warn or
 * fail, failures before warnings — and the report's own page, rendered from its JSON by
 * src/report. Reads a local report (report.json of `validate`) or a federated one.
 */
import * as z from 'zod';
import { InputError } from '../core/errors.js';
import { FederatedReport } from '../report/federated.js';
import { renderFederatedReportHtml } from '../report/federated-html.js';
import { renderReportHtml } from '../report/html.js';
import type { Report } from '../validate/index.js';

export interface DigestEntry {
  section: string;
  metric: string;
  verdict: string;
  detail: string;
}

export interface ReportDigest {
  verdict: string | null;
  discrepancies: DigestEntry[];
  centres: { name: string; verdict: string }[];
}

const Verdict = z.enum(['pass', 'warn', 'fail']);
const Dimension = z.looseObject({ score: z.number().nullable(), verdict: Verdict });
const Finding = z.looseObject({
  part: z.string(),
  severity: z.enum(['fail', 'warn']),
  kind: z.string(),
  subject: z.string(),
  message: z.string(),
});

/** The keys of report.json the digest and the page read; others are kept as they are. */
const LocalReport = z.looseObject({
  version: z.string(),
  tool: z.looseObject({ name: z.literal('synthcohort'), version: z.string() }),
  verdict: Verdict,
  rows: z.looseObject({ real: z.number(), synthetic: z.number(), holdout: z.number().nullable() }),
  thresholds: z.looseObject({}),
  discrepancies: z.array(Finding),
  validity: Dimension,
  fidelity: Dimension,
  utility: Dimension,
  privacy: Dimension,
  skipped: z.array(z.looseObject({ metric: z.string(), reason: z.string() })),
});
type LocalReport = z.infer<typeof LocalReport>;

const DIMENSIONS = ['validity', 'fidelity', 'utility', 'privacy'] as const;

type Parsed = { kind: 'local'; report: LocalReport } | { kind: 'federated'; report: FederatedReport };

export function reportDigest(report: unknown): ReportDigest {
  const parsed = parseReport(report);
  if (parsed.kind === 'local')
    return { verdict: parsed.report.verdict, discrepancies: localEntries(parsed.report), centres: [] };
  const federated = parsed.report;
  return {
    verdict: federated.verdict,
    discrepancies: federatedEntries(federated),
    centres: federated.centres.map((c) => ({ name: c.name, verdict: c.verdict })),
  };
}

/** The report's own self-contained page, rendered from its JSON. */
export function reportHtml(report: unknown): string {
  const parsed = parseReport(report);
  try {
    return parsed.kind === 'local'
      ? renderReportHtml(parsed.report as unknown as Report)
      : renderFederatedReportHtml(parsed.report);
  } catch (error) {
    // A report.json edited by hand can pass the digest's checks and still lack what a section draws.
    throw new InputError(
      'DATA_INVALID',
      {},
      `the validation report could not be shown: ${error instanceof Error ? error.message : String(error)}; validate again to write a complete report`,
      { cause: error },
    );
  }
}

function parseReport(report: unknown): Parsed {
  const kind = (report as { kind?: unknown } | null)?.kind;
  if (kind === 'federated-validation') {
    const federated = FederatedReport.safeParse(report);
    if (federated.success) return { kind: 'federated', report: federated.data };
    throw notAReport(`a federated report with a problem at ${where(federated.error)}`);
  }
  const local = LocalReport.safeParse(report);
  if (local.success) return { kind: 'local', report: local.data };
  throw notAReport(`problem at ${where(local.error)}`);
}

function notAReport(detail: string): InputError {
  return new InputError(
    'DATA_INVALID',
    {},
    `not a synthcohort validation report (report.json of validate, or a federated report): ${detail}`,
  );
}

function where(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join('.') || 'top level'}: ${issue.message}`;
}

function localEntries(report: LocalReport): DigestEntry[] {
  const entries: DigestEntry[] = [];
  for (const dimension of DIMENSIONS) {
    const part = report[dimension];
    if (part.verdict !== 'pass')
      entries.push({
        section: dimension,
        metric: 'score',
        verdict: part.verdict,
        detail: scoreDetail(part.score),
      });
  }
  for (const d of report.discrepancies) entries.push(findingEntry(d));
  return failuresFirst(entries);
}

function federatedEntries(report: FederatedReport): DigestEntry[] {
  const entries: DigestEntry[] = [];
  for (const dimension of DIMENSIONS) {
    const pooled = report.pooled[dimension];
    if (pooled.verdict !== 'pass')
      entries.push({
        section: dimension,
        metric: 'pooled score',
        verdict: pooled.verdict,
        detail: `${scoreDetail(pooled.score)} over ${pooled.centres} centres (${pooled.rule === 'worst-centre' ? 'the worst centre decides' : 'weighted by patients'})`,
      });
  }
  for (const d of report.disagreements)
    entries.push({ section: d.part, metric: d.check, verdict: 'warn', detail: d.message });
  for (const centre of report.centres)
    for (const d of centre.report.discrepancies) {
      const entry = findingEntry(d);
      entries.push({ ...entry, section: `${entry.section} (${centre.name})` });
    }
  return failuresFirst(entries);
}

function findingEntry(d: z.infer<typeof Finding>): DigestEntry {
  return { section: d.part, metric: `${d.kind}: ${d.subject}`, verdict: d.severity, detail: d.message };
}

function scoreDetail(score: number | null): string {
  return score === null ? 'not computed' : `score ${score.toFixed(2)}`;
}

/** Stable: within a severity, the report's own order (largest first) is kept. */
function failuresFirst(entries: DigestEntry[]): DigestEntry[] {
  const rank = (e: DigestEntry) => (e.verdict === 'fail' ? 0 : 1);
  return entries
    .map((e, i) => [e, i] as const)
    .sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1])
    .map(([e]) => e);
}
