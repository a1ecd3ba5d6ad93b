/**
 * Drawing a survival endpoint from its hazard models (`survival.ts`): at the status column, whether
 * the pair is missing (its tree), else the status from P(status | earlier columns); at the time
 * column, the time given the status. Both recompute the row's relative risks from the same earlier
 * columns, so the pair is one joint draw, and the conditional sampler can weight rows by the exact
 * probability of a status.
 */
import type { Rng } from '../../core/rng.js';
import type { CovariateColumn } from '../../survival/ph-design.js';
import type { CompiledStatusColumn, CompiledTimeColumn } from './columns.js';
import { missingShare } from './draw.js';
import type { Pool } from './pool.js';

/** The pool's first `count` columns as the hazard models read them. */
function covariates(pool: Pool, count: number): CovariateColumn[] {
  return Array.from({ length: count }, (_, p) =>
    pool.codes[p] ? { type: 'code', codes: pool.codes[p]! } : { type: 'number', values: pool.numbers[p]! },
  );
}

/**
 * For each row, the probability of each status and (last) of a missing pair, into one row-major
 * array of (levels + 1) per row.
 */
export function statusProbabilities(column: CompiledStatusColumn, pool: Pool): Float64Array {
  const k = column.levels.length;
  const out = new Float64Array(pool.size * (k + 1));
  const columns = covariates(pool, column.covariates);
  const risk = new Float64Array(k);
  const p = new Float64Array(k);
  for (let row = 0; row < pool.size; row++) {
    const missing = missingShare(column.missing.leaves[column.missing.route(pool, row)]);
    const at = row * (k + 1);
    out[at + k] = missing;
    if (missing === 1) continue;
    column.hazards.risks(columns, row, risk);
    column.hazards.probabilities(risk, p);
    for (let c = 0; c < k; c++) out[at + c] = (1 - missing) * p[c];
  }
  return out;
}

/**
 * The status of every row (code −1 or NaN when the pair is missing), only among `allowed` statuses
 * when given (one flag per level, then one for missing).
 */
export function drawStatus(
  column: CompiledStatusColumn,
  pool: Pool,
  rng: Rng,
  allowed?: Uint8Array,
): { codes?: Int32Array; numbers?: Float64Array } {
  const k = column.levels.length;
  const probabilities = statusProbabilities(column, pool);
  const codes = new Int32Array(pool.size);
  for (let row = 0; row < pool.size; row++) {
    let total = 0;
    for (let c = 0; c <= k; c++) if (!allowed || allowed[c]) total += probabilities[row * (k + 1) + c];
    let u = rng.uniform() * total;
    let drawn = -1;
    for (let c = 0; c <= k; c++) {
      const w = !allowed || allowed[c] ? probabilities[row * (k + 1) + c] : 0;
      if (w === 0) continue;
      drawn = c;
      u -= w;
      if (u < 0) break;
    }
    codes[row] = drawn === k ? -1 : drawn;
  }
  if (column.stored === 'code') return { codes };
  return { numbers: Float64Array.from(codes, (c) => (c < 0 ? Number.NaN : column.values[c])) };
}

/** The time of every row given its drawn status; missing where the status is. */
export function drawTime(
  column: CompiledTimeColumn,
  status: CompiledStatusColumn,
  pool: Pool,
  rng: Rng,
): Float64Array {
  const out = new Float64Array(pool.size).fill(Number.NaN);
  const columns = covariates(pool, status.covariates);
  const codes = statusCodes(status, pool, column.status);
  const risk = new Float64Array(status.levels.length);
  for (let row = 0; row < pool.size; row++) {
    if (codes[row] < 0) continue;
    status.hazards.risks(columns, row, risk);
    const t = status.hazards.drawTime(risk, codes[row], rng);
    out[row] = column.integer ? Math.round(t) : t;
  }
  return out;
}

/** The drawn status as codes into its levels (−1 = missing). */
function statusCodes(status: CompiledStatusColumn, pool: Pool, position: number): Int32Array {
  if (status.stored === 'code') return pool.codes[position]!;
  const values = pool.numbers[position]!;
  return Int32Array.from(values, (v) => (Number.isNaN(v) ? -1 : status.values.indexOf(v)));
}

/** The statuses a number condition allows: levels whose number it lists, then missing. */
export function allowedStatuses(
  column: CompiledStatusColumn,
  restriction: { readonly missing: boolean; readonly values: ReadonlySet<number> | null },
): Uint8Array {
  const allowed = new Uint8Array(column.levels.length + 1);
  if (restriction.missing) allowed[column.levels.length] = 1;
  else
    for (let c = 0; c < column.values.length; c++)
      allowed[c] = !restriction.values || restriction.values.has(column.values[c]) ? 1 : 0;
  return allowed;
}
