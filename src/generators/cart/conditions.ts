/**
 * Conditions (`where`) turned into per-column restrictions, and the weight of a partial row: the
 * probability its leaf gives to the condition, P(column ∈ condition | columns before it).
 * Several conditions on one column are intersected.
 */
import { UsageError } from '../../core/errors.js';
import type { Condition } from '../../data/schema.js';
import type { CompiledColumn, CompiledStatusColumn } from './columns.js';
import { LeafValues, missingShare, type Restriction } from './draw.js';
import { allowedStatuses, statusProbabilities } from './draw-survival.js';
import type { Pool } from './pool.js';

export interface Stage {
  readonly position: number;
  readonly restriction: Restriction;
}

/** One stage per conditioned column, in visit order. */
export function resolveConditions(where: readonly Condition[], columns: readonly CompiledColumn[]): Stage[] {
  const stages = new Map<number, Restriction>();
  for (const condition of where) {
    const position = columns.findIndex((c) => c.name === condition.column);
    if (position < 0)
      throw new UsageError(
        `condition on '${condition.column}': the model has no such column; columns: ${columns.map((c) => c.name).join(', ')}`,
      );
    const column = columns[position];
    const next =
      column.type === 'code' || (column.type === 'status' && column.stored === 'code')
        ? codeRestriction(condition, column.levels)
        : numberRestriction(condition);
    if (column.type === 'time' && next.type === 'number' && next.values)
      throw new UsageError(
        `condition ${describe(condition)}: ${column.name} is a survival time drawn from the hazard models given its status; condition on the status or on its being missing, or fit cart with survival: 'tree'`,
      );
    const merged = stages.has(position) ? intersect(stages.get(position)!, next) : next;
    stages.set(position, merged);
  }
  return [...stages.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([position, restriction]) => ({ position, restriction }));
}

export function describe(condition: Condition): string {
  if (condition.missing !== undefined)
    return `${condition.column} is ${condition.missing ? '' : 'not '}missing`;
  if (condition.in) return `${condition.column} in [${condition.in.join(', ')}]`;
  return `${condition.column} = ${condition.equals}`;
}

function codeRestriction(condition: Condition, levels: readonly string[]): Restriction {
  const allowed = new Uint8Array(levels.length + 1);
  if (condition.missing !== undefined) {
    allowed.fill(condition.missing ? 0 : 1);
    allowed[levels.length] = condition.missing ? 1 : 0;
  } else {
    for (const value of condition.in ?? [condition.equals!]) {
      const code = levels.indexOf(String(value));
      if (code < 0)
        throw new UsageError(
          `condition ${describe(condition)}: '${value}' is not a category of ${condition.column}; expected one of ${levels.join(', ')}`,
        );
      allowed[code] = 1;
    }
  }
  return { type: 'code', text: describe(condition), allowed };
}

function numberRestriction(condition: Condition): Restriction {
  const text = describe(condition);
  if (condition.missing !== undefined)
    return { type: 'number', text, missing: condition.missing, values: null };
  const values = (condition.in ?? [condition.equals!]).map(Number);
  if (values.some((v) => !Number.isFinite(v)))
    throw new UsageError(`condition ${text}: ${condition.column} holds numbers; give numbers`);
  return { type: 'number', text, missing: false, values: new Set(values) };
}

function intersect(a: Restriction, b: Restriction): Restriction {
  const text = `${a.text} and ${b.text}`;
  if (a.type === 'code' && b.type === 'code')
    return { type: 'code', text, allowed: a.allowed.map((x, i) => x & b.allowed[i]) };
  if (a.type !== 'number' || b.type !== 'number') throw new Error('unreachable: one column, two types');
  if (a.missing !== b.missing) throw new UsageError(`conditions ${text} contradict each other`);
  const values =
    a.values && b.values ? new Set([...a.values].filter((v) => b.values!.has(v))) : (a.values ?? b.values);
  return { type: 'number', text, missing: a.missing, values };
}

/** P(condition | row's earlier columns) for every row of the pool. */
export function conditionWeights(column: CompiledColumn, restriction: Restriction, pool: Pool): Float64Array {
  const weights = new Float64Array(pool.size);
  if (column.type === 'status') {
    const allowed = statusAllowed(column, restriction);
    const k = allowed.length;
    const probabilities = statusProbabilities(column, pool);
    for (let row = 0; row < pool.size; row++)
      for (let c = 0; c < k; c++) if (allowed[c]) weights[row] += probabilities[row * k + c];
  } else if (column.type === 'time') {
    // The status, drawn before, decides whether the time is missing.
    const status = pool.codes[column.status] ?? pool.numbers[column.status]!;
    const wanted = restriction.type === 'number' && restriction.missing;
    for (let row = 0; row < pool.size; row++) {
      const missing = status[row] < 0 || Number.isNaN(status[row]);
      weights[row] = missing === wanted ? 1 : 0;
    }
  } else if (column.type === 'code' && restriction.type === 'code') {
    const share = column.tree.leaves.map((leaf) => allowedShare(leaf.counts, restriction.allowed));
    for (let row = 0; row < pool.size; row++) weights[row] = share[column.tree.route(pool, row)];
  } else if (column.type === 'number' && restriction.type === 'number') {
    const allowed = restriction.values ? new LeafValues(restriction.values) : null;
    for (let row = 0; row < pool.size; row++) {
      const missing = missingShare(column.missing.leaves[column.missing.route(pool, row)]);
      if (restriction.missing || !column.value) {
        weights[row] = restriction.missing ? missing : 0;
        continue;
      }
      let share = 1;
      if (allowed) {
        const leafIndex = column.value.route(pool, row);
        const leaf = column.value.leaves[leafIndex];
        share = allowed.of(leaf, leafIndex).length / leaf.values.length;
      }
      weights[row] = (1 - missing) * share;
    }
  }
  return weights;
}

function allowedShare(counts: readonly number[], allowed: Uint8Array): number {
  let total = 0;
  let kept = 0;
  for (let c = 0; c < counts.length; c++) {
    total += counts[c];
    if (allowed[c]) kept += counts[c];
  }
  return kept / total;
}

/** The statuses (then missing) a restriction allows. */
export function statusAllowed(column: CompiledStatusColumn, restriction: Restriction): Uint8Array {
  return restriction.type === 'code' ? restriction.allowed : allowedStatuses(column, restriction);
}

/** Whether any leaf gives the restriction a positive probability (false: no training row meets it). */
export function possible(column: CompiledColumn, restriction: Restriction): boolean {
  if (column.type === 'status') {
    const allowed = statusAllowed(column, restriction);
    const k = column.levels.length;
    const observed = column.hazards.params.causes.map(
      (c, code) => c.knots.length > 0 || code === column.hazards.params.residual,
    );
    if (allowed[k] && column.missing.leaves.some((leaf) => leaf.counts[1] > 0)) return true;
    return observed.some((seen, code) => seen && allowed[code] === 1);
  }
  if (column.type === 'time') return true;
  if (column.type === 'code' && restriction.type === 'code')
    return column.tree.leaves.some((leaf) => allowedShare(leaf.counts, restriction.allowed) > 0);
  if (column.type !== 'number' || restriction.type !== 'number') return false;
  if (restriction.missing) return column.missing.leaves.some((leaf) => leaf.counts[1] > 0);
  if (!column.value) return false;
  const values = restriction.values;
  return column.value.leaves.some((leaf) => !values || leaf.values.some((v) => values.has(v)));
}
