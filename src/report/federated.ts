/**
 * The federated validation report: every centre's shareable report side by side, scores pooled
 * over centres weighted by their patient counts, and where the centres disagree. It is merged from
 * the centres' shareable reports alone — never from a table — so the hub can build it, and a
 * suppressed cell (null) of a centre's report stays what it is: the merge pools only dimension
 * scores and verdicts, and carries each centre's report as it arrived.
 *
 * `ShareableReport` (federated-shareable.ts) is what the hub accepts from a centre.
 */
import * as z from 'zod';
import { DataError } from '../core/errors.js';
import { type Verdict as VerdictType, verdictFor, worstVerdict } from '../validate/types.js';
import { VERSION } from '../version.js';
import {
  Count,
  DIMENSIONS,
  type Dimension,
  Limits,
  ShareableReport,
  Verdict,
} from './federated-shareable.js';

export {
  DIMENSIONS,
  type Dimension,
  MAX_SHAREABLE_CHARS,
  perPatientArrays,
  ShareableReport,
} from './federated-shareable.js';

/** Bumped when a key of the federated report changes meaning or disappears (additions keep it). */
export const FEDERATED_REPORT_VERSION = '1.0';
/** A score spread (max − min over centres) above this is a disagreement unless the caller says otherwise. */
export const DEFAULT_SPREAD_THRESHOLD = 0.15;

/** One centre's place in a check: its verdict (`none`: the check did not flag it) and its score. */
const CentreMark = z.object({
  centre: z.string(),
  verdict: z.enum(['pass', 'warn', 'fail', 'none']).nullable(),
  score: z.number().nullable(),
});

/**
 * A check, side by side over the centres: a dimension (verdict and score), a part of a dimension's
 * score (score only), or a finding some centre's report lists (its severity; `none` elsewhere).
 */
const Check = z.object({
  id: z.string(),
  part: z.enum(DIMENSIONS),
  kind: z.enum(['dimension', 'score', 'finding']),
  label: z.string(),
  centres: z.array(CentreMark),
});
export type Check = z.infer<typeof Check>;

const Disagreement = z.object({
  check: z.string(),
  part: z.enum(DIMENSIONS),
  kind: z.enum(['dimension', 'score', 'finding']),
  /** `verdicts`: centres judged it differently; `spread`: scores differ by more than the threshold. */
  reasons: z.array(z.enum(['verdicts', 'spread'])).min(1),
  spread: z.number().nullable(),
  message: z.string(),
});
export type Disagreement = z.infer<typeof Disagreement>;

const Pooled = z.object({
  /** Mean of the centres' scores weighted by their patients; null when no centre has a score. */
  score: z.number().nullable(),
  verdict: Verdict,
  /** How the verdict was reached (see `POOLING`). */
  rule: z.enum(['weighted-score', 'worst-centre']),
  /** Centres with a score, and the patients behind it. */
  centres: Count,
  patients: Count,
  cappedBy: z.literal('validity').optional(),
});
export type Pooled = z.infer<typeof Pooled>;

export const FederatedReport = z.object({
  version: z.string(),
  kind: z.literal('federated-validation'),
  tool: z.object({ name: z.literal('synthcohort'), version: z.string() }),
  verdict: Verdict,
  /** Real patients over all centres: the sum of the weights. */
  patients: Count,
  spreadThreshold: z.number().min(0).max(1),
  thresholds: z.looseObject({ fidelity: Limits, utility: Limits, privacy: Limits }),
  pooled: z.object({ validity: Pooled, fidelity: Pooled, utility: Pooled, privacy: Pooled }),
  centres: z.array(
    z.object({
      name: z.string().min(1),
      /** The centre's weight: its count of real patients, as its report carries it. */
      patients: Count,
      verdict: Verdict,
      report: ShareableReport,
    }),
  ),
  checks: z.array(Check),
  disagreements: z.array(Disagreement),
});
export type FederatedReport = z.infer<typeof FederatedReport>;

/**
 * Fidelity and utility describe the cohort as a whole, so the pooled score decides; validity and
 * privacy do not average out: a rule the synthetic rows break, or patients exposed, at one centre is
 * a finding for the consortium, so the worst centre decides (the pooled score is shown beside it).
 */
export const POOLING: Readonly<Record<Dimension, Pooled['rule']>> = {
  validity: 'worst-centre',
  fidelity: 'weighted-score',
  utility: 'weighted-score',
  privacy: 'worst-centre',
};

export interface CentreReport {
  readonly name: string;
  readonly report: ShareableReport;
}

export interface MergeOptions {
  /** Default `DEFAULT_SPREAD_THRESHOLD`. */
  readonly spreadThreshold?: number;
}

/** The federated report from the centres' shareable reports, in the given order. Pure. */
export function mergeCentreReports(
  centres: readonly CentreReport[],
  options: MergeOptions = {},
): FederatedReport {
  if (centres.length === 0) throw new DataError({}, 'no centre sent a report; there is nothing to merge');
  const names = new Set(centres.map((c) => c.name));
  if (names.size !== centres.length) throw new DataError({}, 'two reports carry the same centre name');
  const spreadThreshold = options.spreadThreshold ?? DEFAULT_SPREAD_THRESHOLD;
  const thresholds = commonThresholds(centres);
  const validity = pool(centres, 'validity', thresholds);
  const fidelityPooled = pool(centres, 'fidelity', thresholds);
  const fidelity: Pooled =
    validity.verdict === 'fail' && fidelityPooled.verdict !== 'fail'
      ? { ...fidelityPooled, verdict: 'fail', cappedBy: 'validity' }
      : fidelityPooled;
  const utility = pool(centres, 'utility', thresholds);
  const privacy = pool(centres, 'privacy', thresholds);
  const checks = sideBySide(centres);
  return {
    version: FEDERATED_REPORT_VERSION,
    kind: 'federated-validation',
    tool: { name: 'synthcohort', version: VERSION },
    verdict: worstVerdict([fidelity.verdict, utility.verdict, privacy.verdict]),
    patients: centres.reduce((n, c) => n + c.report.rows.real, 0),
    spreadThreshold,
    thresholds,
    pooled: { validity, fidelity, utility, privacy },
    centres: centres.map(({ name, report }) => ({
      name,
      patients: report.rows.real,
      verdict: report.verdict,
      report,
    })),
    checks,
    disagreements: disagreementsIn(checks, spreadThreshold, cappedCentres(centres)),
  };
}

/** Every centre must have been judged by the same dimension thresholds, or pooled verdicts mean nothing. */
function commonThresholds(centres: readonly CentreReport[]): FederatedReport['thresholds'] {
  const key = (c: CentreReport) =>
    JSON.stringify(['fidelity', 'utility', 'privacy'].map((d) => c.report.thresholds[d as 'fidelity']));
  const first = centres[0];
  const other = centres.find((c) => key(c) !== key(first));
  if (other)
    throw new DataError(
      {},
      `centres ${first.name} and ${other.name} were judged by different thresholds; every centre must validate with the job's thresholds`,
    );
  return first.report.thresholds;
}

function pool(
  centres: readonly CentreReport[],
  dimension: Dimension,
  thresholds: FederatedReport['thresholds'],
): Pooled {
  const scored = centres.filter((c) => c.report[dimension].score !== null);
  const patients = scored.reduce((n, c) => n + c.report.rows.real, 0);
  const score =
    patients > 0
      ? scored.reduce((s, c) => s + (c.report[dimension].score as number) * c.report.rows.real, 0) / patients
      : null;
  const rule = POOLING[dimension];
  const verdict: VerdictType =
    rule === 'worst-centre'
      ? worstVerdict(centres.map((c) => c.report[dimension].verdict))
      : verdictFor(score, thresholds[dimension as 'fidelity' | 'utility']);
  return { score, verdict, rule, centres: scored.length, patients };
}

/** The dimensions, the parts of their scores, then every finding any centre lists. */
function sideBySide(centres: readonly CentreReport[]): Check[] {
  const checks: Check[] = [];
  for (const part of DIMENSIONS) {
    checks.push({
      id: part,
      part,
      kind: 'dimension',
      label: part,
      centres: centres.map((c) => ({
        centre: c.name,
        verdict: c.report[part].verdict,
        score: c.report[part].score,
      })),
    });
    for (const name of scorePartNames(centres, part))
      checks.push({
        id: `${part}.${name}`,
        part,
        kind: 'score',
        label: `${part}: ${PART_LABELS[name] ?? name}`,
        centres: centres.map((c) => ({
          centre: c.name,
          verdict: null,
          score: scorePart(c.report, part, name),
        })),
      });
  }
  const findings = new Map<string, { part: Dimension; label: string }>();
  for (const c of centres)
    for (const d of c.report.discrepancies)
      findings.set(findingId(d), { part: d.part, label: `${d.part}: ${d.kind} — ${d.subject}` });
  for (const [id, { part, label }] of findings)
    checks.push({
      id,
      part,
      kind: 'finding',
      label,
      centres: centres.map((c) => {
        const listed = c.report.discrepancies.find((d) => findingId(d) === id);
        return { centre: c.name, verdict: listed?.severity ?? 'none', score: null };
      }),
    });
  return checks;
}

function findingId(d: { part: string; kind: string; subject: string }): string {
  return `${d.part}:${d.kind}:${d.subject}`;
}

/** Where a dimension keeps the parts of its score (fidelity and utility: `parts`; privacy: `scoreParts`). */
function partsOf(report: ShareableReport, part: Dimension): Record<string, unknown> {
  const holder = report[part] as Record<string, unknown>;
  const parts = holder.parts ?? holder.scoreParts;
  return parts !== null && typeof parts === 'object' && !Array.isArray(parts)
    ? (parts as Record<string, unknown>)
    : {};
}

/** The parts of the dimension scores in a clinician's words (others keep their key). */
const PART_LABELS: Readonly<Record<string, string>> = {
  csf: 'clinical fidelity score (CSF)',
  gsf: 'genomic fidelity score (GSF)',
  detection: 'real and synthetic hard to tell apart',
  survival: 'survival curves',
  stratified: 'stratified survival conclusions',
  cox: 'Cox hazard ratios',
  tstr: 'train on synthetic, test on real',
  replication: 'declared analyses replicated',
  dcr: 'distance to the closest record',
  exactMatches: 'no exact copies',
  mia: 'membership inference',
  attributeDisclosure: 'attribute disclosure',
};

function scorePartNames(centres: readonly CentreReport[], part: Dimension): string[] {
  const names = new Set<string>();
  for (const c of centres)
    for (const [name, value] of Object.entries(partsOf(c.report, part)))
      if (typeof value === 'number' || value === null) names.add(name);
  return [...names];
}

function scorePart(report: ShareableReport, part: Dimension, name: string): number | null {
  const value = partsOf(report, part)[name];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Centres whose fidelity failed because a rule is broken, not for its score. */
function cappedCentres(centres: readonly CentreReport[]): string[] {
  return centres.filter((c) => c.report.fidelity.cappedBy === 'validity').map((c) => c.name);
}

function disagreementsIn(
  checks: readonly Check[],
  spreadThreshold: number,
  capped: readonly string[],
): Disagreement[] {
  const found: Disagreement[] = [];
  for (const check of checks) {
    const verdicts = new Set(check.centres.map((m) => m.verdict).filter((v) => v !== null));
    const scores = check.centres.filter((m): m is typeof m & { score: number } => m.score !== null);
    const spread =
      scores.length >= 2
        ? Math.max(...scores.map((m) => m.score)) - Math.min(...scores.map((m) => m.score))
        : null;
    const reasons: Disagreement['reasons'] = [
      ...(verdicts.size > 1 ? (['verdicts'] as const) : []),
      ...(spread !== null && spread > spreadThreshold ? (['spread'] as const) : []),
    ];
    if (reasons.length)
      found.push({
        check: check.id,
        part: check.part,
        kind: check.kind,
        reasons,
        spread,
        message: `${explain(check, reasons, spread, spreadThreshold)}${check.id === 'fidelity' && capped.length && reasons.includes('verdicts') ? ` At ${listed(capped)} fidelity fails because synthetic rows break a rule no real row breaks (validity), whatever its score.` : ''}`,
      });
  }
  return found;
}

const VERDICT_WORDS = { pass: 'passes', warn: 'warns', fail: 'fails', none: 'is not flagged' } as const;

/** One sentence a clinician reads: who judged what, and how far apart the scores are. */
function explain(
  check: Check,
  reasons: Disagreement['reasons'],
  spread: number | null,
  threshold: number,
): string {
  const subject = check.kind === 'finding' ? `The finding “${check.label}”` : capitalised(check.label);
  const parts: string[] = [];
  if (reasons.includes('verdicts')) {
    const groups = new Map<string, string[]>();
    for (const m of check.centres)
      if (m.verdict !== null) groups.set(m.verdict, [...(groups.get(m.verdict) ?? []), withScore(m)]);
    parts.push(
      [...groups]
        .sort(([a], [b]) => rank(b) - rank(a))
        .map(([verdict, who]) => `${VERDICT_WORDS[verdict as keyof typeof VERDICT_WORDS]} at ${listed(who)}`)
        .join('; '),
    );
  }
  if (reasons.includes('spread') && spread !== null) {
    const scored = check.centres.filter((m) => m.score !== null) as Array<{ centre: string; score: number }>;
    const low = scored.reduce((a, b) => (b.score < a.score ? b : a));
    const high = scored.reduce((a, b) => (b.score > a.score ? b : a));
    parts.push(
      `scores range from ${fixed(low.score)} at ${low.centre} to ${fixed(high.score)} at ${high.centre} (spread ${fixed(spread)}, above ${fixed(threshold)})`,
    );
  }
  return `${subject} ${parts.join('; ')}.`;
}

function rank(verdict: string): number {
  return { fail: 3, warn: 2, pass: 1, none: 0 }[verdict] ?? 0;
}

function withScore(m: { centre: string; score: number | null }): string {
  return m.score === null ? m.centre : `${m.centre} (${fixed(m.score)})`;
}

function listed(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function fixed(x: number): string {
  return x.toFixed(2);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
