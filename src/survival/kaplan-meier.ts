/**
 * The Kaplan–Meier estimator, as R's `survfit(Surv(time, status) ~ 1)` computes it: one row per
 * distinct time (events and censorings), Greenwood's variance for the cumulative hazard and
 * log-type confidence intervals (R's default `conf.type = "log"`).
 *
 * Kaplan EL, Meier P (1958) JASA 53:457–481; Greenwood M (1926) Reports on Public Health 33.
 */
import { normalQuantile } from '../stats/distributions.js';
import { mergeNearTies } from './ties.js';

export interface KaplanMeierCurve {
  /** Subjects in the curve, and how many had the event. */
  readonly n: number;
  readonly events: number;
  /** Distinct times, ascending, and per time: at risk, events, censored. */
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  readonly surv: Float64Array;
  /** Standard error of the cumulative hazard (R's `std.err`; Infinity once everyone has died). */
  readonly stdErr: Float64Array;
  /** Pointwise confidence limits; NaN where the survival is 0 (R's NA). */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly confLevel: number;
}

export interface KaplanMeierOptions {
  /** Coverage of the pointwise intervals; 0.95 as in R. */
  confLevel?: number;
  /** Merge floating-point near-ties first (R's `timefix`); default true. */
  timefix?: boolean;
}

/** Kaplan–Meier curve of right-censored data; `status` is 1 for an event, 0 for censored. */
export function kaplanMeier(
  time: Float64Array,
  status: Uint8Array,
  options: KaplanMeierOptions = {},
): KaplanMeierCurve {
  const confLevel = checkConfLevel(options.confLevel ?? 0.95);
  const t = options.timefix === false ? time : mergeNearTies(time);
  const order = Uint32Array.from(t.keys()).sort((a, b) => t[a] - t[b]);
  const rows = countAtDistinctTimes(t, status, order);
  const { surv, stdErr } = productLimit(rows.nRisk, rows.nEvent);
  const { lower, upper } = logConfidenceLimits(surv, stdErr, confLevel);
  let events = 0;
  for (const d of rows.nEvent) events += d;
  return { n: time.length, events, ...rows, surv, stdErr, lower, upper, confLevel };
}

function checkConfLevel(level: number): number {
  if (!(level > 0 && level < 1))
    throw new RangeError(`confLevel must lie strictly between 0 and 1, got ${level}`);
  return level;
}

function countAtDistinctTimes(t: Float64Array, status: Uint8Array, order: Uint32Array) {
  const times: number[] = [];
  const nRisk: number[] = [];
  const nEvent: number[] = [];
  const nCensor: number[] = [];
  let atRisk = order.length;
  for (let i = 0; i < order.length; ) {
    const current = t[order[i]];
    let events = 0;
    let censored = 0;
    for (; i < order.length && t[order[i]] === current; i++) {
      if (status[order[i]] === 1) events++;
      else censored++;
    }
    times.push(current);
    nRisk.push(atRisk);
    nEvent.push(events);
    nCensor.push(censored);
    atRisk -= events + censored;
  }
  return {
    time: Float64Array.from(times),
    nRisk: Float64Array.from(nRisk),
    nEvent: Float64Array.from(nEvent),
    nCensor: Float64Array.from(nCensor),
  };
}

/** S(t) = Π (1 − d/n); Greenwood: Var(Λ) = Σ d / (n (n − d)), infinite when d = n. */
function productLimit(nRisk: Float64Array, nEvent: Float64Array) {
  const surv = new Float64Array(nRisk.length);
  const stdErr = new Float64Array(nRisk.length);
  let s = 1;
  let variance = 0;
  for (let i = 0; i < nRisk.length; i++) {
    const n = nRisk[i];
    const d = nEvent[i];
    if (d > 0) {
      s *= 1 - d / n;
      variance += n > d ? d / (n * (n - d)) : Number.POSITIVE_INFINITY;
    }
    surv[i] = s;
    stdErr[i] = Math.sqrt(variance);
  }
  return { surv, stdErr };
}

/** exp(log S ± z·se), the upper limit capped at 1; undefined (NaN) where S = 0. */
function logConfidenceLimits(surv: Float64Array, stdErr: Float64Array, confLevel: number) {
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const lower = new Float64Array(surv.length);
  const upper = new Float64Array(surv.length);
  for (let i = 0; i < surv.length; i++) {
    if (surv[i] === 0) {
      lower[i] = upper[i] = Number.NaN;
      continue;
    }
    const logS = Math.log(surv[i]);
    lower[i] = Math.exp(logS - z * stdErr[i]);
    upper[i] = Math.min(Math.exp(logS + z * stdErr[i]), 1);
  }
  return { lower, upper };
}
