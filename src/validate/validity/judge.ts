/**
 * A rule's status from how often real and synthetic rows break it.
 *  - A schema rule no real row breaks is a declared fact: any synthetic break is a `warn`; broken
 *    by more than `ruleBreaks` (1 %) of all synthetic rows, a `fail` (the "more than 1 %
 *    of rows break a rule no real row breaks"). The share of the whole table, not of the rows
 *    the rule applies to, so that one odd row among three early deaths is a warning, not a failure.
 *  - A rule found in the data holds in every real row, but perhaps by chance; a rule the real rows
 *    break too (dirty data, a schema stricter than the registry) allows as many synthetic breaks.
 *    For both, synthetic breaks count only when synthetic rows break the rule more often than
 *    real ones beyond chance: one-sided Fisher's exact test on (broken, kept) × (synthetic, real),
 *    at α / m, Bonferroni over the m rules so judged. A two-sample test, because both shares are
 *    estimates: 3 of 8 synthetic rows against 0 of 30 real is p = 0.007, not a finding among
 *    several rules. Then `fail` when the synthetic breaks exceed what the real share gives by more
 *    than `ruleBreaks` of all synthetic rows (a dirty real row does not excuse 25 % of synthetic
 *    patients relapsing after death), `warn` when no real row breaks it or the shares differ by
 *    more than `ruleBreaks`, `ok` otherwise. A faithful generator reproducing a coincidence of the
 *    real table (two rare flags never seen together) is therefore not blamed for it.
 */
import { fisherExactGreater } from '../../stats/fisher-exact.js';
import type { Discrepancy } from '../types.js';
import type { Check } from './check.js';
import type { Tally } from './tally.js';
import type { RuleResult, RuleStatus } from './types.js';

export interface JudgeSettings {
  ruleBreaks: number;
  /** Rows of the synthetic table. */
  syntheticRows: number;
  alpha: number;
  /** Rules judged against chance (`againstChance`): the Bonferroni m. */
  tested: number;
}

/** Whether a rule's synthetic breaks are weighed against the real ones by a test, not taken as given. */
export function againstChance(check: Check, real: Tally): boolean {
  return check.source === 'data' || real.broken.length > 0;
}

export function ruleStatus(check: Check, real: Tally, synthetic: Tally, s: JudgeSettings): RuleStatus {
  if (synthetic.broken.length === 0) return 'ok';
  if (againstChance(check, real) && breaksMoreOften(synthetic, real) > s.alpha / Math.max(s.tested, 1))
    return 'ok';
  const excess = synthetic.broken.length - share(real) * synthetic.applies;
  if (excess > s.ruleBreaks * s.syntheticRows) return 'fail';
  return real.broken.length === 0 || share(synthetic) - share(real) > s.ruleBreaks ? 'warn' : 'ok';
}

/** One-sided p that synthetic rows break the rule more often than real ones. */
export function breaksMoreOften(synthetic: Tally, real: Tally): number {
  const count = (t: Tally) => [t.broken.length, t.applies - t.broken.length];
  return fisherExactGreater([count(synthetic), count(real)]);
}

export function share(t: Tally): number {
  return t.applies > 0 ? t.broken.length / t.applies : 0;
}

/** The JSON entry: real figures only where no fewer than `smallCell` real patients stand behind them. */
export function ruleResult(
  check: Check,
  real: Tally,
  synthetic: Tally,
  status: RuleStatus,
  smallCell: number,
): RuleResult {
  const broken = real.broken.length;
  const kept = real.applies - broken;
  const few = (n: number) => n > 0 && n < smallCell;
  return {
    rule: check.rule,
    kind: check.kind,
    source: check.source,
    columns: [...check.columns],
    real: few(broken) || few(kept) ? null : share(real),
    synthetic: share(synthetic),
    ...(few(real.applies) ? {} : { realRows: real.applies }),
    syntheticRows: synthetic.applies,
    syntheticBroken: synthetic.broken.length,
    status,
  };
}

export function ruleDiscrepancy(result: RuleResult, smallCell: number, syntheticRows: number): Discrepancy {
  const real =
    result.real === null
      ? `real share not shown (fewer than ${smallCell} patients)`
      : result.real === 0
        ? result.realRows === undefined
          ? 'by no real row'
          : `by none of the ${result.realRows} real rows`
        : `by ${percent(result.real)} of real rows`;
  return {
    part: 'validity',
    severity: result.status === 'fail' ? 'fail' : 'warn',
    kind: 'rule-broken',
    subject: result.rule,
    message: `${result.rule}: broken by ${result.syntheticBroken} synthetic rows (${percent(result.syntheticBroken / Math.max(syntheticRows, 1))} of all, ${percent(result.synthetic)} of the ${result.syntheticRows} it applies to), ${real}`,
    magnitude: result.synthetic,
  };
}

/** `25.0 %`, `1.03 %`, `0.04 %`: a share just above 1 % must not read as 1.0 %. */
export function percent(share: number): string {
  const p = share * 100;
  return `${p >= 10 ? p.toFixed(1) : p >= 0.1 ? p.toFixed(2) : p > 0 ? p.toPrecision(1) : '0'} %`;
}
