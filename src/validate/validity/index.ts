/**
 * Validity (what SDV calls diagnostics): does each synthetic row obey what a patient's row must —
 * the schema's bounds, categories, decimals, non-missing columns, comparisons, implications and
 * derived columns, and the orderings and implications every real row obeys? For each rule, the
 * share of real and of synthetic rows that break it; a rule that more than `thresholds.ruleBreaks`
 * (1 %) of all synthetic rows break beyond what the real rows do fails validity, and caps fidelity
 * at `fail` (judge.ts).
 * See docs/validation/validity.md.
 */
import type { Discrepancy, ValidationInput, Verdict } from '../types.js';
import type { Check } from './check.js';
import { declaredChecks } from './declared.js';
import { foundChecks } from './found.js';
import { againstChance, percent, ruleDiscrepancy, ruleResult, ruleStatus } from './judge.js';
import { shareOfRows, type Tally, tally } from './tally.js';
import type { RuleResult, RuleStatus, ValidityCap, ValidityReport } from './types.js';

export type { RuleKind, RuleResult, RuleSource, RuleStatus, ValidityCap, ValidityReport } from './types.js';

/** Rules with status `ok` that some row breaks, listed at most (the rest are counted). */
const MAX_LISTED_OK_BROKEN = 30;

interface Judged {
  check: Check;
  real: Tally;
  synthetic: Tally;
  status: RuleStatus;
  result: RuleResult;
}

export function validity(input: ValidationInput): ValidityReport {
  const { real, synthetic, schema, thresholds, smallCell } = input;
  const declared = declaredChecks(schema, real, smallCell);
  const found = input.foundRules === false ? [] : foundChecks(real, schema, smallCell);
  // A schema may declare columns a table does not hold (validate checks both tables agree): a rule
  // reading one is not checked, and not counted.
  const held = (check: Check) =>
    [...check.columns, ...(check.inputs ?? [])].every((c) => real.has(c) && synthetic.has(c));
  const tallied = [...declared, ...found]
    .filter(held)
    .map((check) => ({ check, real: tally(check, real), synthetic: tally(check, synthetic) }));
  const settings = {
    ruleBreaks: thresholds.ruleBreaks,
    syntheticRows: synthetic.nRows,
    alpha: thresholds.alpha,
    tested: tallied.filter((t) => againstChance(t.check, t.real)).length,
  };
  const judged: Judged[] = tallied.map(({ check, real: r, synthetic: s }) => {
    const status = ruleStatus(check, r, s, settings);
    return { check, real: r, synthetic: s, status, result: ruleResult(check, r, s, status, smallCell) };
  });
  const flagged = judged.filter((j) => j.status !== 'ok');
  const realBroken = shareOfRows(
    judged.map((j) => j.real.broken),
    real.nRows,
  );
  const few = realBroken.count > 0 && realBroken.count < smallCell;
  const { listed, unlisted } = listing(judged);
  return {
    score:
      1 -
      shareOfRows(
        flagged.map((j) => j.synthetic.broken),
        synthetic.nRows,
      ).share,
    share: shareOfRows(
      judged.map((j) => j.synthetic.broken),
      synthetic.nRows,
    ).share,
    realShare: few ? null : realBroken.share,
    verdict: verdictOf(judged.map((j) => j.status)),
    threshold: thresholds.ruleBreaks,
    checked: {
      schema: judged.filter((j) => j.check.source === 'schema').length,
      data: judged.filter((j) => j.check.source === 'data').length,
    },
    rules: listed.map((j) => j.result),
    unlisted: {
      rules: unlisted.length,
      brokenBySynthetic: unlisted.filter((j) => j.synthetic.broken.length > 0).length,
    },
    discrepancies: listed
      .filter((j) => j.status !== 'ok')
      .map((j) => ruleDiscrepancy(j.result, smallCell, synthetic.nRows)),
  };
}

/**
 * What the report lists: every flagged rule (fail, then warn, largest synthetic share first),
 * other rules some row breaks (at most 30), then the schema's own relations, which a reader looks
 * for by name. Kept column rules and kept rules found in the data are only counted.
 */
function listing(judged: Judged[]): { listed: Judged[]; unlisted: Judged[] } {
  const rank: Record<RuleStatus, number> = { fail: 0, warn: 1, ok: 2 };
  const bySeverity = (a: Judged, b: Judged) =>
    rank[a.status] - rank[b.status] ||
    b.result.synthetic - a.result.synthetic ||
    b.real.broken.length - a.real.broken.length;
  const broken = (j: Judged) => j.synthetic.broken.length > 0 || j.real.broken.length > 0;
  const flagged = judged.filter((j) => j.status !== 'ok').sort(bySeverity);
  const okBroken = judged
    .filter((j) => j.status === 'ok' && broken(j))
    .sort(bySeverity)
    .slice(0, MAX_LISTED_OK_BROKEN);
  const relation = (j: Judged) =>
    j.check.source === 'schema' && ['compare', 'implies', 'derived'].includes(j.check.kind);
  const kept = judged.filter((j) => !broken(j) && relation(j));
  const listed = [...flagged, ...okBroken, ...kept];
  const shown = new Set(listed);
  return { listed, unlisted: judged.filter((j) => !shown.has(j)) };
}

function verdictOf(statuses: readonly RuleStatus[]): Verdict {
  if (statuses.includes('fail')) return 'fail';
  return statuses.includes('warn') ? 'warn' : 'pass';
}

/**
 * Fidelity cannot pass while synthetic rows break a rule beyond `thresholds.ruleBreaks` more often
 * than real rows do: however alike the distributions, such rows are not patients. The score stays as
 * computed; the verdict becomes `fail`, `cappedBy` says why and a discrepancy names the rule.
 */
export function capFidelity<F extends { verdict: Verdict; discrepancies: Discrepancy[] }>(
  fidelity: F,
  report: ValidityReport,
): F & ValidityCap {
  const failing = report.rules.filter((r) => r.status === 'fail');
  if (failing.length === 0) return fidelity;
  const worst = failing.reduce((a, b) => (b.syntheticBroken > a.syntheticBroken ? b : a));
  const more =
    failing.length > 1 ? ` (and ${failing.length - 1} more such rule${failing.length > 2 ? 's' : ''})` : '';
  const discrepancy: Discrepancy = {
    part: 'fidelity',
    severity: 'fail',
    kind: 'rule-broken',
    subject: worst.rule,
    message: `fidelity cannot pass: ${worst.syntheticBroken} synthetic rows break ${worst.rule}, which ${realBreaks(worst)}${more}`,
    magnitude: worst.synthetic,
  };
  return {
    ...fidelity,
    verdict: 'fail',
    cappedBy: 'validity',
    discrepancies: [...fidelity.discrepancies, discrepancy],
  };
}

/** How often the real rows break a rule, as far as the report may say. */
function realBreaks(rule: RuleResult): string {
  if (rule.real === 0) return 'no real row breaks';
  if (rule.real === null) return 'a few real rows break';
  return `${percent(rule.real)} of real rows break`;
}
