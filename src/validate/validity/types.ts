/** The JSON shape of `report.validity`; every number is finite or null. */
import type { Discrepancy, Verdict } from '../types.js';

/**
 * What a rule constrains. `bound`, `category`, `decimals` and `nullable` concern one column;
 * `compare` (an ordering, `rfs_days <= os_days`), `implies` (`cyto_normal = 1 → cyto_t6_9 = 0`)
 * and `derived` (a stored column equals its recomputation) relate columns.
 */
export type RuleKind = 'bound' | 'category' | 'decimals' | 'nullable' | 'compare' | 'implies' | 'derived';

/** Declared in the schema, or found in the real table (every real row obeys it). */
export type RuleSource = 'schema' | 'data';

/**
 * `ok`: nothing to see (kept by both tables, or broken no more than chance or the real rows allow);
 * `warn`: synthetic rows break it beyond that, but not enough to fail; `fail`: the synthetic rows
 * that break it exceed what the real share gives by more than `thresholds.ruleBreaks` (1 %) of all
 * synthetic rows (and, unless it is a schema rule no real row breaks, significantly: judge.ts).
 */
export type RuleStatus = 'ok' | 'warn' | 'fail';

export interface RuleResult {
  /** The rule in words: `rfs_days <= os_days`, `age in [18, 100] (years)`. */
  rule: string;
  kind: RuleKind;
  source: RuleSource;
  columns: string[];
  /**
   * Share of the real rows the rule applies to that break it (see `realRows`); null when fewer
   * than `smallCell` real rows (but at least one) break it, or fewer than that keep it.
   */
  real: number | null;
  /** Share of the synthetic rows the rule applies to that break it. */
  synthetic: number;
  /** Real rows the rule applies to; absent when fewer than `smallCell` (but at least one). */
  realRows?: number;
  /** Synthetic rows the rule applies to. */
  syntheticRows: number;
  /** Synthetic rows that break it (`synthetic` × `syntheticRows`). */
  syntheticBroken: number;
  status: RuleStatus;
}

export interface ValidityReport {
  /** 1 − share of synthetic rows breaking at least one rule with status `warn` or `fail`. */
  score: number;
  /** Share of synthetic rows breaking at least one rule (of any status). */
  share: number;
  /** The same for the real rows; null when fewer than `smallCell` real rows (but at least one) do. */
  realShare: number | null;
  verdict: Verdict;
  /** `thresholds.ruleBreaks`: the excess synthetic share (of all rows) above which a rule fails. */
  threshold: number;
  /** Rules checked, by source. */
  checked: { schema: number; data: number };
  /**
   * Every rule with status `fail` or `warn` (fail first, then the largest synthetic share), then
   * other rules some row breaks (at most 30), then the schema's own `compare`, `implies` and
   * `derived` rules that both tables keep.
   */
  rules: RuleResult[];
  /**
   * Rules checked but not listed, all with status `ok`: kept column rules and rules found in the
   * data, and broken ones beyond the 30; `brokenBySynthetic` of them broken by some synthetic row.
   */
  unlisted: { rules: number; brokenBySynthetic: number };
  discrepancies: Discrepancy[];
}

/** The fidelity report once validity has had its say: `cappedBy` says why its verdict is `fail`. */
export interface ValidityCap {
  /**
   * Present when fidelity's verdict was set to `fail` because a rule with validity status `fail`
   * is broken (synthetic rows break it more often than real ones by more than
   * `thresholds.ruleBreaks` of all synthetic rows); the fidelity score is left as computed.
   */
  cappedBy?: 'validity';
}
