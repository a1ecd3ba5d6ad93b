/**
 * One endpoint's survival, real against synthetic: Kaplan–Meier medians and survival at 1, 3 and
 * 5 years with log-type 95% intervals (as R's survfit), the curves for the chart, and a log-rank
 * test of the two tables stacked as two groups. Shareable: medians and their limits are rounded to
 * the curves' grid and null past its end (a median is a patient's event time), and a landmark is
 * null when fewer than smallCell real patients are still at risk there.
 */
import type { Schema } from '../../data/schema.js';
import type { Table } from '../../data/table.js';
import {
  type KaplanMeierCurve,
  kaplanMeier,
  logRank,
  survivalAt,
  survivalInput,
  survivalQuantile,
} from '../../survival/index.js';
import { finite, timeUnit, yearsIn } from './align.js';
import { MEDIAN_RELATIVE_SCALE, SURVIVAL_DIFFERENCE_SCALE, SURVIVAL_LANDMARK_YEARS } from './constants.js';
import { atRiskAt, gridCurve, gridHorizon, gridTime, survivalGrid } from './grid-curves.js';
import { type RiskGroup, riskGroupCurves } from './risk-groups.js';
import type { LandmarkComparison, SurvivalComparison } from './types.js';

export interface Endpoint {
  readonly name: string;
  readonly time: string;
  readonly event: string;
  readonly eventValue: string;
}

export function compareSurvival(
  real: Table,
  synthetic: Table,
  endpoint: Endpoint,
  schema: Schema,
  smallCell: number,
  riskGroup?: RiskGroup,
): SurvivalComparison {
  const spec = { time: endpoint.time, event: endpoint.event, eventValue: endpoint.eventValue };
  const r = survivalInput(real, spec);
  const s = survivalInput(synthetic, spec);
  const kmReal = kaplanMeier(r.time, r.status);
  const kmSynthetic = kaplanMeier(s.time, s.status);
  const unit = timeUnit(endpoint.time, schema);
  const grid = survivalGrid(r, unit, smallCell);
  const until = gridHorizon(r, grid, smallCell);
  const shown = (x: number) => gridTime(x, grid, until);
  const at = landmarks(kmReal, kmSynthetic, unit, (t) => atRiskAt(r.time, t) >= smallCell);
  const medianReal = survivalQuantile(kmReal);
  const medianSynthetic = survivalQuantile(kmSynthetic);
  const [mr, ms] = [shown(medianReal.quantile), shown(medianSynthetic.quantile)];
  const test = stackedLogRank(r, s);
  // Scored as shown, so that the score says nothing the rounded medians do not.
  const medianScore = scoreMedians(kmReal, kmSynthetic, mr ?? Number.NaN, ms ?? Number.NaN);
  const parts = [medianScore, ...at.flatMap(landmarkScore)];
  return {
    endpoint: endpoint.name,
    time: endpoint.time,
    event: endpoint.event,
    unit,
    n: { real: kmReal.n, synthetic: kmSynthetic.n },
    events: { real: kmReal.events, synthetic: kmSynthetic.events },
    realMedian: mr,
    syntheticMedian: ms,
    realMedianCi: [shown(medianReal.lower), shown(medianReal.upper)],
    syntheticMedianCi: [shown(medianSynthetic.lower), shown(medianSynthetic.upper)],
    logrank: test,
    at,
    curves: {
      grid,
      real: gridCurve(r, grid, smallCell, until),
      synthetic: gridCurve(s, grid, smallCell, until),
    },
    riskGroups: riskGroup ? riskGroupCurves(real, synthetic, endpoint, riskGroup, grid, smallCell) : null,
    score: parts.reduce((a, b) => a + b, 0) / parts.length,
  };
}

/** Survival at 1, 3 and 5 years; a landmark where too few real patients remain is null in both tables. */
function landmarks(
  real: KaplanMeierCurve,
  synthetic: KaplanMeierCurve,
  unit: ReturnType<typeof timeUnit>,
  enoughAtRisk: (time: number) => boolean,
) {
  const times = SURVIVAL_LANDMARK_YEARS.map((years) => yearsIn(unit, years));
  const r = survivalAt(real, times);
  const s = survivalAt(synthetic, times);
  const none = { estimate: null, lower: null, upper: null };
  return SURVIVAL_LANDMARK_YEARS.map((years, i): LandmarkComparison => {
    if (!enoughAtRisk(times[i]))
      return { years, time: times[i], real: none, synthetic: none, difference: null };
    const both = Number.isFinite(r[i].survival) && Number.isFinite(s[i].survival);
    return {
      years,
      time: times[i],
      real: { estimate: finite(r[i].survival), lower: finite(r[i].lower), upper: finite(r[i].upper) },
      synthetic: { estimate: finite(s[i].survival), lower: finite(s[i].lower), upper: finite(s[i].upper) },
      difference: both ? s[i].survival - r[i].survival : null,
    };
  });
}

/**
 * A landmark both curves reach scores their difference; one that only one curve reaches scores 0
 * (a synthetic table without follow-up where the real one has it cannot answer that question);
 * one neither reaches is left out.
 */
function landmarkScore(a: LandmarkComparison): number[] {
  if (a.difference !== null) return [differenceScore(a.difference)];
  return (a.real.estimate === null) === (a.synthetic.estimate === null) ? [] : [0];
}

/** 1 for no difference in survival probability, falling linearly to 0 at SURVIVAL_DIFFERENCE_SCALE. */
function differenceScore(difference: number): number {
  return Math.max(0, 1 - Math.abs(difference) / SURVIVAL_DIFFERENCE_SCALE);
}

/**
 * Both medians reached: 1 − relative difference (scaled). Neither reached: they agree (1). Only one:
 * the other curve's survival at that median, against the 0.5 it should be near.
 */
function scoreMedians(real: KaplanMeierCurve, synthetic: KaplanMeierCurve, mr: number, ms: number): number {
  if (Number.isFinite(mr) && Number.isFinite(ms))
    return Math.max(0, 1 - Math.abs(ms - mr) / Math.max(mr, Number.EPSILON) / MEDIAN_RELATIVE_SCALE);
  if (!Number.isFinite(mr) && !Number.isFinite(ms)) return 1;
  const [curve, at] = Number.isFinite(mr) ? [synthetic, mr] : [real, ms];
  const s = survivalAt(curve, [at])[0].survival;
  const last = curve.surv.length ? curve.surv[curve.surv.length - 1] : 1;
  return differenceScore((Number.isFinite(s) ? s : last) - 0.5);
}

function stackedLogRank(
  r: { time: Float64Array; status: Uint8Array },
  s: { time: Float64Array; status: Uint8Array },
): { chisq: number; df: number; p: number } {
  const time = new Float64Array(r.time.length + s.time.length);
  time.set(r.time);
  time.set(s.time, r.time.length);
  const status = new Uint8Array(time.length);
  status.set(r.status);
  status.set(s.status, r.status.length);
  const group = new Int32Array(time.length).fill(1, 0 + r.time.length);
  const test = logRank(time, status, group, 2);
  return { chisq: test.statistic, df: test.df, p: test.p };
}
