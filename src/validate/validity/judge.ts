/**
 * A rule's status from how often real and synthetic rows break it.
 *  - A rule the real rows also break (dirty data, a schema stricter than the registry): synthetic
 *    rows may break it as often; `warn` when their share exceeds the real one by more than
 *    `ruleBreaks`. It never fails: the real table is no better.
 *  - A schema rule no real row breaks is a declared fact: any synthetic break is a `warn`; broken
 *    by more than `ruleBreaks` (1 %) of all synthetic rows, a `fail` (the "more than 1 %
 *    of rows break a rule no real row breaks"). The share of the whole table, not of the rows
 *    the rule applies to, so that one odd row among three early deaths is a warning, not a failure.
 *  - A rule found in the data holds in every real row, but perhaps by chance. A break counts only
 *    when the real rows could not have hidden it: were real rows to break it as often as the
 *    synthetic ones (share s), seeing none in n of them has probability (1 − s)^n; the break
 *    counts when that is at most α / m (Bonferroni over the m rules found in the data). Then
 *    `fail` above `ruleBreaks`, `warn` below. A faithful generator reproducing a coincidence of
 *    the real table (two rare flags never seen together) is therefore not blamed for it.
 */
import type { Discrepancy } from '../types.js';
import type { Check } from './check.js';
import type { Tally } from './tally.js';
import type { RuleResult, RuleStatus } from './types.js';

export interface JudgeSettings {
  ruleBreaks: number;
  /** Rows of the synthetic table. */
  syntheticRows: number;
  alpha: number;
  /** Rules found in the data (the Bonferroni m). */
  dataRules: number;
  smallCell: number;
}

export function ruleStatus(check: Check, real: Tally, synthetic: Tally, s: JudgeSettings): RuleStatus {
  const syntheticShare = share(synthetic);
  if (synthetic.broken.length === 0) return 'ok';
  if (real.broken.length > 0) return syntheticShare - share(real) > s.ruleBreaks ? 'warn' : 'ok';
  if (check.source === 'data' && !beyondChance(syntheticShare, real.applies, s.alpha / s.dataRules))
    return 'ok';
  return synthetic.broken.length > s.ruleBreaks * s.syntheticRows ? 'fail' : 'warn';
}

/** (1 − s)^n ≤ level: n real rows, none breaking, are unlikely at the synthetic break rate s. */
function beyondChance(s: number, n: number, level: number): boolean {
  return n > 0 && Math.exp(n * Math.log1p(-s)) <= level;
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
