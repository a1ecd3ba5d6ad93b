/**
 * Kaplan–Meier curves a report can share: evaluated on a regular grid (monthly, or quarterly in
 * years for long follow-up), never at a real patient's event or censoring time, and cut where fewer
 * than `smallCell` real patients remain at risk (the tail of a curve is a handful of patients).
 * Numbers at risk are given at the labelled ticks, below `smallCell` as null; censoring as whether
 * any patient was censored within each grid interval, not when.
 */
import { kaplanMeier, survivalAt } from '../../survival/index.js';
import { finite, type TimeUnit, unitScale } from './align.js';
import type { GridCurve, SurvivalGrid } from './types.js';

export interface Outcomes {
  readonly time: Float64Array;
  readonly status: Uint8Array;
}

/** Longer follow-up than this many months is shown in years. */
const YEARS_BEYOND_MONTHS = 120;
const MONTH_TICKS = [3, 6, 12, 24];
const YEAR_TICKS = [1, 2, 5, 10, 20];
const MAX_TICKS = 8;

/**
 * The grid for an endpoint: up to the last grid time at which at least `smallCell` real patients
 * are still at risk (followed at least that long).
 */
export function survivalGrid(real: Outcomes, unit: TimeUnit, smallCell: number): SurvivalGrid {
  const horizon = riskHorizon(real.time, smallCell);
  const months = horizon * unitScale(unit, 'months');
  const display: 'months' | 'years' = months > YEARS_BEYOND_MONTHS ? 'years' : 'months';
  const scale = unitScale(unit, display);
  const step = display === 'months' ? 1 : 0.25;
  const last = Math.floor((horizon * scale) / step + 1e-9);
  const time = Array.from({ length: Math.max(1, last + 1) }, (_, i) => round(i * step));
  const end = time[time.length - 1];
  const tickStep = (display === 'months' ? MONTH_TICKS : YEAR_TICKS).find((t) => end / t <= MAX_TICKS) ?? end;
  const ticks = time.filter((t) => Math.abs(t / tickStep - Math.round(t / tickStep)) < 1e-9);
  return { unit: display, scale, step, time, ticks };
}

/** The smallCell-th longest follow-up: beyond it fewer than smallCell patients remain. */
function riskHorizon(time: Float64Array, smallCell: number): number {
  const sorted = Float64Array.from(time).sort();
  const k = Math.max(1, Math.floor(smallCell));
  return sorted.length >= k ? sorted[sorted.length - k] : 0;
}

/**
 * One table's curve on the grid, cut at `until` (display units; the grid's end when omitted): the
 * real curve's own horizon, so that a synthetic curve is shown as far as the real one, no further.
 */
export function gridCurve(
  outcomes: Outcomes,
  grid: SurvivalGrid,
  smallCell: number,
  until = grid.time[grid.time.length - 1],
): GridCurve {
  if (outcomes.time.length === 0) {
    const none = grid.time.map(() => null);
    return {
      survival: none,
      lower: none,
      upper: none,
      censored: none.map(() => false),
      atRisk: grid.ticks.map(() => null),
    };
  }
  const km = kaplanMeier(outcomes.time, outcomes.status);
  const inUnit = grid.time.map((t) => t / grid.scale);
  const at = survivalAt(km, inUnit);
  const kept = (i: number) => grid.time[i] <= until + 1e-9;
  const censored: boolean[] = new Array(grid.time.length).fill(false);
  for (let r = 0; r < outcomes.time.length; r++) {
    if (outcomes.status[r] === 1) continue;
    const i = Math.ceil((outcomes.time[r] * grid.scale) / grid.step - 1e-9);
    if (i >= 1 && i < censored.length && kept(i)) censored[i] = true;
  }
  const atRisk = grid.ticks.map((t) => {
    if (t > until + 1e-9) return null;
    const n = atRiskAt(outcomes.time, t / grid.scale);
    return n >= smallCell ? n : null;
  });
  return {
    survival: at.map((a, i) => (kept(i) ? rounded(a.survival) : null)),
    lower: at.map((a, i) => (kept(i) ? rounded(a.lower) : null)),
    upper: at.map((a, i) => (kept(i) ? rounded(a.upper) : null)),
    censored,
    atRisk,
  };
}

/** The last grid time with at least `smallCell` of these patients still at risk. */
export function gridHorizon(outcomes: Outcomes, grid: SurvivalGrid, smallCell: number): number {
  const h = riskHorizon(outcomes.time, smallCell) * grid.scale;
  return Math.floor(h / grid.step + 1e-9) * grid.step;
}

/**
 * A time read off a curve — a median or one of its confidence limits — as the report may show it:
 * rounded to the grid step (a month, or a quarter of a year), so never a patient's own event time,
 * and null when not reached or past `until` (grid units; the real curve's end, beyond which fewer
 * than smallCell real patients remain). In the time column's unit, as the contract keys are.
 */
export function gridTime(x: number, grid: SurvivalGrid, until: number): number | null {
  if (!Number.isFinite(x) || x * grid.scale > until + 1e-9) return null;
  const steps = Math.round((x * grid.scale) / grid.step);
  return Math.round(((steps * grid.step) / grid.scale) * 1e6) / 1e6;
}

/** Patients still followed (at risk) at time t, in the time column's unit. */
export function atRiskAt(time: Float64Array, t: number): number {
  let n = 0;
  for (const x of time) if (x >= t) n++;
  return n;
}

/** Four decimals: a survival probability needs no more, and the report stays small. */
function rounded(x: number): number | null {
  const f = finite(x);
  return f === null ? null : round(f);
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
