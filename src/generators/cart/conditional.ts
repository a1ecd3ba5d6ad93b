/**
 * Conditional sampling by sequential importance resampling (Gordon, Salmond & Smith, 1993; the
 * particle-filter view of sequential synthesis): draw the columns in visit order; on reaching a
 * conditioned column, weight each partial row by the probability its leaf gives to the condition,
 * resample rows in proportion to those weights (systematic resampling, Kitagawa 1996), then draw the
 * column from the leaf restricted to the condition. The rows kept follow the model's distribution
 * given the condition, every one meets it, and a rare subgroup costs a few times more draws of the
 * earlier columns rather than the 1/p rows that generate-and-filter would need.
 *
 * Resampling repeats the partial rows that carry the weight. To keep the repeats few, candidates are
 * drawn in batches until their weights add up to the number of rows wanted (about as many distinct
 * prefixes as a rejection sampler would accept), or until `poolFactor` candidates per row.
 */
import { UsageError } from '../../core/errors.js';
import type { Rng } from '../../core/rng.js';
import { possible, type Stage } from './conditions.js';
import { Pool } from './pool.js';
import type { Sampler } from './sampler.js';

export function sampleConditioned(
  sampler: Sampler,
  rows: number,
  rng: Rng,
  stages: readonly Stage[],
  poolFactor: number,
): Pool {
  for (const { position, restriction } of stages)
    if (!possible(sampler.columns[position], restriction))
      throw new UsageError(
        `no row can meet the condition ${restriction.text}: no training row has it, so the fitted model gives it probability zero`,
      );
  const pool = meeting(stages.length - 1, rows, rng);
  sampler.extend(pool, stages[stages.length - 1].position + 1, sampler.columns.length, rng.split('rest'));
  return pool;

  /** `count` rows with every column up to stage k's filled and conditions 0..k met. */
  function meeting(k: number, count: number, stageRng: Rng): Pool {
    const { position, restriction } = stages[k];
    const from = k === 0 ? 0 : stages[k - 1].position + 1;
    const pools: Pool[] = [];
    const weights: Float64Array[] = [];
    let mass = 0;
    let drawn = 0;
    for (let batch = 0, size = count; size > 0; batch++) {
      const batchRng = stageRng.split(`batch ${batch}`);
      const pool = k === 0 ? sampler.emptyPool(size) : meeting(k - 1, size, batchRng.split('earlier'));
      sampler.extend(pool, from, position, batchRng);
      const w = sampler.weights(position, restriction, pool);
      pools.push(pool);
      weights.push(w);
      mass += sum(w);
      drawn += size;
      // Weights that do not vary with the earlier columns cannot be improved by more candidates.
      size = constant(w) && w[0] > 0 ? 0 : nextBatch(count, mass, drawn, count * poolFactor);
    }
    if (!(mass > 0))
      throw new UsageError(
        `no row can meet the condition ${restriction.text}${k > 0 ? ' together with the conditions before it' : ''}: the fitted model gives it probability zero (the value never occurs in the training data${k > 0 ? ' in this combination' : ''})`,
      );
    const kept = Pool.concat(pools).take(resample(concatenated(weights), count, stageRng.split('resample')));
    sampler.draw(kept, position, stageRng.split('conditioned'), restriction);
    return kept;
  }
}

/** Candidates to draw next: enough to reach `count` in weight at the rate seen so far, within the budget. */
function nextBatch(count: number, mass: number, drawn: number, budget: number): number {
  if (mass >= count || drawn >= budget) return 0;
  const wanted = mass > 0 ? Math.ceil((1.1 * (count - mass) * drawn) / mass) : 3 * drawn;
  return Math.max(1, Math.min(wanted, budget - drawn));
}

/**
 * `count` indices drawn in proportion to `weights` by systematic resampling: one uniform offset,
 * then evenly spaced points on the cumulative weights; low variance and O(n). Shuffled, so that
 * repeated rows are not neighbours.
 */
export function resample(weights: Float64Array, count: number, rng: Rng): Uint32Array {
  const total = sum(weights);
  const step = total / count;
  const out = new Uint32Array(count);
  let point = rng.uniform() * step;
  let cumulative = 0;
  let i = -1;
  let lastPositive = 0;
  for (let k = 0; k < weights.length; k++) if (weights[k] > 0) lastPositive = k;
  for (let j = 0; j < count; j++) {
    while (cumulative <= point && i < weights.length - 1) cumulative += weights[++i];
    // Rounding can carry the last point past the total: it belongs to the last row with weight.
    out[j] = cumulative > point ? i : lastPositive;
    point += step;
  }
  return rng.shuffle(out);
}

function sum(values: Float64Array): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

function constant(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

function concatenated(parts: readonly Float64Array[]): Float64Array {
  if (parts.length === 1) return parts[0];
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
