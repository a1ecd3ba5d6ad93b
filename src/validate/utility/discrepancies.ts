/**
 * The clinical discrepancies a reader should see before any average: effects reversed, lost or
 * shifted (Cox terms and stratified log-rank conclusions), medians and landmark survival outside
 * the real 95% interval, and prediction that does not transfer (TSTR). A reversed or lost hazard
 * ratio is a `fail` — the synthetic table would lead a reader to the opposite conclusion, or to none
 * — when the real effect is established beyond chance, p < α/m over the m hazard ratios of the
 * report (two 7-term models hold a chance "significant" term more often than not), and the change
 * itself is significant: |d| > 2 for a reversal; for a loss, which needs no change of sign, |d|
 * beyond the same Bonferroni bound, z(1 − α/2m) (≈ 2.9 for 14 terms) — covariates are chosen for
 * their real strength, so a real estimate inflated by chance (RFS by sex, HR 1.94 real, 1.18 in an
 * independent sample, d = −2.5) is otherwise "lost" by a faithful table. A stratified order
 * likewise fails when the real p < α/m over the stratified comparisons and the synthetic order is
 * significantly opposite.
 * Magnitudes are on a common standard-error scale where one exists, so the worst come first.
 */
import { normalQuantile } from '../../stats/distributions.js';
import type { Discrepancy } from '../types.js';
import { unitScale } from './align.js';
import type {
  CoxComparison,
  HazardRatio,
  HazardRatioComparison,
  Interval,
  StratifiedComparison,
  SurvivalComparison,
  TstrResult,
} from './types.js';

/** |standardised difference| beyond which a difference is itself significant at ≈ 5%. */
const SIGNIFICANT_DIFFERENCE = 2;
/** A TSTR skill ratio below this is listed. */
const TSTR_LOW = 0.5;

export function utilityDiscrepancies(
  survival: readonly SurvivalComparison[],
  stratified: readonly StratifiedComparison[],
  cox: readonly CoxComparison[],
  tstr: readonly TstrResult[],
  alpha: number,
): Discrepancy[] {
  const terms = cox.reduce((n, c) => n + c.hazardRatios.length, 0);
  const found = [
    ...cox.flatMap((c) => c.hazardRatios.flatMap((h) => hazardRatioFinding(c.endpoint, h, alpha / terms))),
    ...stratified.flatMap((s) => stratifiedFinding(s, alpha / stratified.length)),
    ...survival.flatMap(survivalFindings),
    ...tstr.flatMap(tstrFinding),
  ];
  return found.sort(
    (a, b) => Number(b.severity === 'fail') - Number(a.severity === 'fail') || b.magnitude - a.magnitude,
  );
}

function hazardRatioFinding(endpoint: string, h: HazardRatioComparison, established: number): Discrepancy[] {
  const d = h.standardisedDifference;
  if (d === null) return [];
  const big = Math.abs(d) > SIGNIFICANT_DIFFERENCE;
  const realSignificant = h.significance === 'kept' || h.significance === 'lost';
  // An established effect reversed, or lost (its synthetic interval covers 1) beyond chance.
  const beyond = h.reversed ? SIGNIFICANT_DIFFERENCE : normalQuantile(1 - established / 2);
  const gone = h.significance === 'lost' && Math.abs(d) > beyond && (h.real.p ?? 1) < established;
  let kind: string | undefined;
  let what = '';
  if (h.reversed) [kind, what] = ['hr-reversed', 'reversed'];
  else if (h.significance === 'lost') [kind, what] = ['hr-lost', 'significance lost'];
  else if (realSignificant && big)
    [kind, what] =
      Math.abs(Math.log(h.synthetic.estimate ?? 1)) < Math.abs(Math.log(h.real.estimate ?? 1))
        ? ['hr-attenuated', 'attenuated']
        : ['hr-exaggerated', 'exaggerated'];
  else if (h.significance === 'gained' && big)
    [kind, what] = ['hr-gained', 'an effect the real data does not show'];
  if (!kind) return [];
  return [
    {
      part: 'utility',
      severity: gone ? 'fail' : 'warn',
      kind,
      subject: `${endpoint}: ${h.label}`,
      message: `${h.label} for ${endpoint.toUpperCase()}: HR ${hr(h.real)} real vs ${hr(h.synthetic)} synthetic — ${what}`,
      magnitude: Math.abs(d),
    },
  ];
}

function hr(i: HazardRatio): string {
  return `${fixed(i.estimate)} (${fixed(i.lower)}–${fixed(i.upper)})`;
}

function fixed(x: number | null, digits = 2): string {
  return x === null ? 'n/a' : x.toFixed(digits);
}

function stratifiedFinding(s: StratifiedComparison, established: number): Discrepancy[] {
  if (!s.significantReal) return [];
  const reversed = s.orderConcordance !== null && s.orderConcordance < 0;
  if (!reversed && s.significantSynthetic) return [];
  const subject = `${s.endpoint}: ${s.column}`;
  const p = (x: number) => (x < 1e-4 ? '< 0.0001' : x.toFixed(4));
  const figures = `log-rank p ${p(s.real.p)} real vs ${p(s.synthetic.p)} synthetic`;
  return [
    {
      part: 'utility',
      severity: reversed && s.significantSynthetic && s.real.p < established ? 'fail' : 'warn',
      kind: reversed ? 'logrank-reversed' : 'logrank-lost',
      subject,
      message: reversed
        ? `${s.endpoint.toUpperCase()} by ${s.column}: the groups' order is reversed (${figures})`
        : `${s.endpoint.toUpperCase()} by ${s.column}: a real difference between groups is lost (${figures})`,
      magnitude: Math.sqrt(s.real.chisq),
    },
  ];
}

function survivalFindings(s: SurvivalComparison): Discrepancy[] {
  const out: Discrepancy[] = [];
  const unit = s.curves.grid.unit;
  const k = unitScale(s.unit, unit);
  const t = (x: number | null) => (x === null ? 'not reached' : `${(x * k).toFixed(1)}`);
  const [lo, hi] = s.realMedianCi;
  const name = s.endpoint.toUpperCase();
  if (s.realMedian !== null && lo !== null && hi !== null) {
    const outside = s.syntheticMedian === null || s.syntheticMedian < lo || s.syntheticMedian > hi;
    if (outside) {
      const se = (hi - lo) / 3.92;
      out.push({
        part: 'utility',
        severity: 'warn',
        kind: 'median-shift',
        subject: `${s.endpoint}: median`,
        message: `Median ${name}: ${t(s.realMedian)} ${unit} (${t(lo)}–${t(hi)}) real vs ${t(s.syntheticMedian)}${s.syntheticMedian === null ? '' : ` ${unit}`} synthetic — outside the real interval`,
        magnitude:
          s.syntheticMedian === null || !(se > 0)
            ? SIGNIFICANT_DIFFERENCE
            : Math.abs(s.syntheticMedian - s.realMedian) / se,
      });
    }
  }
  for (const a of s.at) {
    const shift = landmarkShift(a.real, a.synthetic);
    if (shift === null) continue;
    out.push({
      part: 'utility',
      severity: 'warn',
      kind: 'landmark-shift',
      subject: `${s.endpoint}: ${a.years}-year survival`,
      message: `${a.years}-year ${name}: ${pct(a.real.estimate)} (${pct(a.real.lower)}–${pct(a.real.upper)}) real vs ${pct(a.synthetic.estimate)} synthetic — outside the real interval`,
      magnitude: shift,
    });
  }
  return out;
}

/** The synthetic estimate's distance from the real one in real standard errors, when outside the real interval. */
function landmarkShift(real: Interval, synthetic: Interval): number | null {
  const { estimate: r, lower, upper } = real;
  const s = synthetic.estimate;
  if (r === null || s === null || lower === null || upper === null) return null;
  if (s >= lower && s <= upper) return null;
  const se = (upper - lower) / 3.92;
  return se > 0 ? Math.abs(s - r) / se : SIGNIFICANT_DIFFERENCE;
}

function pct(x: number | null): string {
  return x === null ? 'n/a' : `${Math.round(x * 100)} %`;
}

function tstrFinding(t: TstrResult): Discrepancy[] {
  if (t.ratio === null || t.ratio >= TSTR_LOW) return [];
  return [
    {
      part: 'utility',
      severity: 'warn',
      kind: 'tstr-low',
      subject: `tstr: ${t.target} (${t.model})`,
      message: `Predicting ${t.target} (${t.model}): ${t.metric} ${t.trainSyntheticTestReal.toFixed(2)} trained on synthetic vs ${t.trainRealTestReal.toFixed(2)} on real (skill ratio ${t.ratio.toFixed(2)})`,
      magnitude: (1 - t.ratio) * 2 * SIGNIFICANT_DIFFERENCE,
    },
  ];
}
