/**
 * Sequential synthesis (synthpop's `syn`): the first column from its marginal, each next one from
 * the leaf its tree puts the row in, given the columns already drawn.
 */
import type { ProgressHook } from '../../core/progress.js';
import type { Rng } from '../../core/rng.js';
import type { Bound } from './bounds.js';
import type { CompiledColumn, CompiledStatusColumn } from './columns.js';
import { conditionWeights, statusAllowed } from './conditions.js';
import { type DerivedColumn, deriveColumn } from './derived.js';
import { drawCodes, drawNumbers, type Restriction } from './draw.js';
import { drawStatus, drawTime } from './draw-survival.js';
import { Pool } from './pool.js';

export class Sampler {
  /**
   * `bounds[p]`: the schema's comparison rules on the column at visit position p (see `bounds.ts`);
   * `derived`: the columns computed from earlier ones rather than drawn (see `derived.ts`).
   */
  constructor(
    readonly columns: readonly CompiledColumn[],
    private readonly bounds: ReadonlyArray<readonly Bound[]>,
    private readonly derived: ReadonlyMap<number, DerivedColumn> = new Map(),
  ) {}

  emptyPool(size: number): Pool {
    return new Pool(size, this.columns.length);
  }

  /** Fills the columns at visit positions [from, to), each from its own random stream. */
  extend(pool: Pool, from: number, to: number, rng: Rng, progress?: ProgressHook): void {
    progress?.({ task: 'sampling cart', unit: 'column', done: from, total: to });
    for (let position = from; position < to; position++) {
      this.draw(pool, position, rng.split(position));
      progress?.({
        task: 'sampling cart',
        unit: 'column',
        done: position + 1,
        total: to,
        item: this.columns[position].name,
      });
    }
  }

  /** P(the column meets `restriction` | the row's earlier columns) for every row of the pool. */
  weights(position: number, restriction: Restriction, pool: Pool): Float64Array {
    const derived = this.derived.get(position);
    if (!derived) return conditionWeights(this.columns[position], restriction, pool);
    // Computed, not drawn: a row meets the condition or it does not.
    const values = deriveColumn(derived, this.columns, position, pool);
    const weights = new Float64Array(pool.size);
    for (let row = 0; row < pool.size; row++) {
      if (restriction.type === 'code') {
        const code = values.codes ? values.codes[row] : -1;
        weights[row] = restriction.allowed[code < 0 ? restriction.allowed.length - 1 : code];
      } else {
        const v = values.numbers ? values.numbers[row] : Number.NaN;
        const missing = Number.isNaN(v);
        weights[row] =
          missing === restriction.missing && (missing || !restriction.values || restriction.values.has(v))
            ? 1
            : 0;
      }
    }
    return weights;
  }

  /** Fills one column, only with values `restriction` allows when one is given. */
  draw(pool: Pool, position: number, rng: Rng, restriction?: Restriction): void {
    const column = this.columns[position];
    const derived = this.derived.get(position);
    if (derived) {
      const values = deriveColumn(derived, this.columns, position, pool);
      if (values.codes) pool.codes[position] = values.codes;
      else pool.numbers[position] = values.numbers;
    } else if (column.type === 'status') {
      const drawn = drawStatus(column, pool, rng, restriction && statusAllowed(column, restriction));
      if (drawn.codes) pool.codes[position] = drawn.codes;
      else pool.numbers[position] = drawn.numbers;
    } else if (column.type === 'time') {
      const status = this.columns[column.status] as CompiledStatusColumn;
      pool.numbers[position] = drawTime(column, status, pool, rng);
    } else if (column.type === 'code')
      pool.codes[position] = drawCodes(
        column,
        pool,
        rng,
        restriction?.type === 'code' ? restriction.allowed : undefined,
      );
    else
      pool.numbers[position] = drawNumbers(
        column,
        pool,
        rng,
        this.bounds[position],
        restriction?.type === 'number' ? restriction : undefined,
      );
  }
}
