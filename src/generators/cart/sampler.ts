/**
 * Sequential synthesis (synthpop's `syn`): the first column from its marginal, each next one from
 * the leaf its tree puts the row in, given the columns already drawn.
 */
import type { Rng } from '../../core/rng.js';
import type { Bound } from './bounds.js';
import type { CompiledColumn } from './columns.js';
import { drawCodes, drawNumbers, type Restriction } from './draw.js';
import { Pool } from './pool.js';

export class Sampler {
  /** `bounds[p]`: the schema's comparison rules on the column at visit position p (see `bounds.ts`). */
  constructor(
    readonly columns: readonly CompiledColumn[],
    private readonly bounds: ReadonlyArray<readonly Bound[]>,
  ) {}

  emptyPool(size: number): Pool {
    return new Pool(size, this.columns.length);
  }

  /** Fills the columns at visit positions [from, to), each from its own random stream. */
  extend(pool: Pool, from: number, to: number, rng: Rng): void {
    for (let position = from; position < to; position++) this.draw(pool, position, rng.split(position));
  }

  /** Fills one column, only with values `restriction` allows when one is given. */
  draw(pool: Pool, position: number, rng: Rng, restriction?: Restriction): void {
    const column = this.columns[position];
    if (column.type === 'code')
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
