/**
 * A fitted cart model: the stored parameters compiled once, then sampled as often as asked.
 */
import { ModelError, UsageError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { codeColumn, numberColumn, Table } from '../../data/table.js';
import type { FittedModel, SampleRequest } from '../generator.js';
import { columnBounds } from './bounds.js';
import { compileColumns, storage } from './columns.js';
import { sampleConditioned } from './conditional.js';
import { resolveConditions } from './conditions.js';
import { derivedColumns } from './derived.js';
import type { CartParams } from './params.js';
import type { Pool } from './pool.js';
import { Sampler } from './sampler.js';

export class CartModel implements FittedModel<CartParams> {
  private readonly sampler: Sampler;

  /** The schema's comparison rules bound each row's draws (see `bounds.ts`). */
  constructor(
    readonly params: CartParams,
    schema: Schema,
    private readonly poolFactor: number,
  ) {
    const names = params.columns.map((c) => c.name);
    if (
      new Set(names).size !== names.length ||
      [...params.tableOrder].sort().join('\0') !== [...names].sort().join('\0')
    )
      throw new ModelError({}, 'tableOrder must list each modelled column once');
    const compiled = compileColumns(params);
    const isNumber = compiled.map((c) => storage(c) === 'number');
    const bounds = columnBounds(schema, names, isNumber);
    this.sampler = new Sampler(compiled, bounds, derivedColumns(schema, compiled));
  }

  sample(request: SampleRequest): Table {
    const { rows, rng, where } = request;
    if (!Number.isInteger(rows) || rows < 0)
      throw new UsageError(`rows must be a whole number ≥ 0, got ${rows}`);
    const stages = resolveConditions(where, this.sampler.columns);
    let pool: Pool;
    if (stages.length === 0 || rows === 0) {
      pool = this.sampler.emptyPool(rows);
      this.sampler.extend(pool, 0, this.sampler.columns.length, rng, request.progress);
    } else pool = sampleConditioned(this.sampler, rows, rng, stages, this.poolFactor);
    return this.toTable(pool);
  }

  /** The pool's columns in the training table's order. */
  private toTable(pool: Pool): Table {
    const { columns } = this.sampler;
    return new Table(
      this.params.tableOrder.map((name) => {
        const position = columns.findIndex((c) => c.name === name);
        const column = columns[position];
        return [
          name,
          storage(column) === 'code'
            ? codeColumn(pool.codes[position]!, (column as { levels: readonly string[] }).levels)
            : numberColumn(pool.numbers[position]!),
        ] as const;
      }),
    );
  }
}
