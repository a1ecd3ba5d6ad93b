/**
 * The two measures `npm run bench:dp` adds to the privacy bench's (quality, exact copies, closer
 * than holdout p5; bench/privacy-measure.ts):
 * - KM distance: the largest vertical gap between the Kaplan–Meier curves of the training and the
 *   synthetic rows (a Kolmogorov–Smirnov distance on survival), the worst of the table's endpoints;
 * - co-mutation directions kept (AML): over every pair of mutation flags whose association is
 *   significant in the training rows (Fisher's exact test, p < 0.05), the share whose synthetic
 *   odds ratio lies on the same side of 1 — the measure of the published private-pgm figure.
 */
import { isKnownGene } from '../src/data/genes.js';
import type { Schema } from '../src/data/schema.js';
import type { Table } from '../src/data/table.js';
import { fisherExact } from '../src/stats/fisher-exact.js';
import { kaplanMeier, survivalInput } from '../src/survival/index.js';

const SIGNIFICANCE = 0.05;

/** Survival at every time of a step function given by its jump times and values (1 before the first). */
function survivalAtTimes(times: Float64Array, surv: Float64Array, at: readonly number[]): Float64Array {
  const out = new Float64Array(at.length);
  let j = -1;
  for (let i = 0; i < at.length; i++) {
    while (j + 1 < times.length && times[j + 1] <= at[i]) j++;
    out[i] = j < 0 ? 1 : surv[j];
  }
  return out;
}

/** The share of a curve's patients still at risk up to which curves are compared (as KM plots are cut). */
export const KM_MIN_AT_RISK = 0.05;

/**
 * sup_t |S_training(t) − S_synthetic(t)| for each endpoint, over the times at which both curves still
 * have at least KM_MIN_AT_RISK of their patients at risk: beyond that a curve rests on a handful of
 * patients, and whether the very last one dies or is censored swings it by its whole height (a
 * synthetic curve whose last time is a death drops to 0). Both curves are right-continuous steps.
 */
export function kmDistances(schema: Schema, training: Table, synthetic: Table): Record<string, number> {
  const result: Record<string, number> = {};
  for (const endpoint of schema.endpoints) {
    const spec = { time: endpoint.time, event: endpoint.event, eventValue: endpoint.eventValue };
    const [a, b] = [training, synthetic].map((t) => {
      const input = survivalInput(t, spec);
      return kaplanMeier(input.time, input.status);
    });
    const horizon = Math.min(...[a, b].map(lastTimeWithRisk));
    // The sup of a difference of two step functions is reached at one of their jump times.
    const at = [...new Set([...a.time, ...b.time])].filter((t) => t <= horizon).sort((x, y) => x - y);
    const sa = survivalAtTimes(a.time, a.surv, at);
    const sb = survivalAtTimes(b.time, b.surv, at);
    let sup = 0;
    for (let i = 0; i < at.length; i++) sup = Math.max(sup, Math.abs(sa[i] - sb[i]));
    result[endpoint.name] = sup;
  }
  return result;
}

/** The last jump time at which at least KM_MIN_AT_RISK of the curve's patients were at risk. */
function lastTimeWithRisk(curve: { readonly time: Float64Array; readonly nRisk: Float64Array }): number {
  const floor = KM_MIN_AT_RISK * (curve.nRisk[0] ?? 0);
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < curve.time.length; i++) if (curve.nRisk[i] >= floor) last = curve.time[i];
  return last;
}

/** Mutation flags: two-level columns named after a gene of the myeloid panels (src/data/genes.ts). */
export function mutationColumns(schema: Schema): string[] {
  return schema.columns
    .filter(
      (c) =>
        (c.role === 'feature' || c.role === 'mutation') && isKnownGene(c.name) && c.categories?.length === 2,
    )
    .map((c) => c.name);
}

/** 1 for the second declared level (mutated), 0 for the first, −1 when missing. */
function flags(table: Table, schema: Schema, column: string): Int8Array {
  const levels = schema.columns.find((c) => c.name === column)?.categories ?? [];
  const { codes, levels: present } = table.codes(column);
  return Int8Array.from(codes, (c) => (c < 0 ? -1 : present[c] === levels[1] ? 1 : 0));
}

/** [[both, a only], [b only, neither]] over rows where both flags are known. */
function twoByTwo(a: Int8Array, b: Int8Array): number[][] {
  const n = [0, 0, 0, 0];
  for (let i = 0; i < a.length; i++) if (a[i] >= 0 && b[i] >= 0) n[(1 - a[i]) * 2 + (1 - b[i])]++;
  return [
    [n[0], n[1]],
    [n[2], n[3]],
  ];
}

export interface CoMutation {
  readonly significant: number;
  readonly kept: number;
}

/**
 * Significant co-mutation directions of the training rows and how many the synthetic rows keep. The
 * synthetic odds ratio takes Haldane's ½ in each cell, so that a pair never mutated together in the
 * synthetic rows counts as exclusive (OR < 1) rather than undefined.
 */
export function coMutationDirections(schema: Schema, training: Table, synthetic: Table): CoMutation {
  const genes = mutationColumns(schema);
  const real = genes.map((g) => flags(training, schema, g));
  const syn = genes.map((g) => flags(synthetic, schema, g));
  let significant = 0;
  let kept = 0;
  for (let i = 0; i < genes.length; i++)
    for (let j = i + 1; j < genes.length; j++) {
      const test = fisherExact(twoByTwo(real[i], real[j]));
      if (!(test.p < SIGNIFICANCE)) continue;
      significant++;
      const [[a, b], [c, d]] = twoByTwo(syn[i], syn[j]);
      const synthetic = ((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5));
      if (test.statistic > 1 === synthetic > 1 && synthetic !== 1) kept++;
    }
  return { significant, kept };
}
