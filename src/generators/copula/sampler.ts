/**
 * Sampling a fitted copula: draw the latent normal vector of each row (conditioned where asked),
 * then map each latent back through its column's marginal: a number through the sketch's inverse
 * CDF (rounded to the data's precision, inside the observed range), a code through its interval,
 * and a column to missing when its missingness indicator falls in its "missing" interval; then
 * undo the reparameterisation of the schema's rules (`decode.ts`). Built from the JSON parameters
 * alone, so a restored model samples exactly as the fitted one did.
 */
import { ModelError } from '../../core/errors.js';
import type { Schema } from '../../data/schema.js';
import { type Column, codeColumn, numberColumn, type Table } from '../../data/table.js';
import type { SampleRequest } from '../generator.js';
import type { CodeCodec, NumberCodec } from './codec.js';
import { type ColumnCodecs, columnCodecs } from './columns.js';
import { type Constraints, constraintsOf } from './conditions.js';
import { StructureDecoder } from './decode.js';
import { normalCdf } from './normal.js';
import type { CopulaOptions, CopulaParams } from './params.js';
import { ConditionalBounds } from './plan-bounds.js';
import { StructureConditions } from './structure-conditions.js';
import { SurvivalDraws } from './survival.js';
import { ConditionalGaussian } from './truncated-mvn.js';

export class CopulaSampler {
  private readonly columns: ColumnCodecs[];
  private readonly correlation: Float64Array;
  private readonly d: number;
  private readonly sweeps: number;
  /** The unconditional sampler, built once. */
  private readonly plain: ConditionalGaussian;
  /** The schema's rules built into the model: decoding and conditions (`structure.ts`). */
  private readonly structure: StructureDecoder;
  private readonly conditions: StructureConditions;
  private readonly bounds: ConditionalBounds;
  /** Columns output as Φ(z), for the decoder to map through their stratum's marginal. */
  private readonly uniform: boolean[];

  /** Survival endpoints drawn from hazard models after decoding (`survival.ts`). */
  private readonly survival: SurvivalDraws;

  constructor(params: CopulaParams, options: CopulaOptions, schema: Schema) {
    this.d = params.correlation.length;
    this.correlation = Float64Array.from(params.correlation.flat());
    this.columns = params.columns.map((model) => columnCodecs(model, params.rows));
    this.sweeps = options.gibbsSweeps;
    for (const c of this.columns)
      if (c.model.latent >= this.d || (c.model.missingLatent ?? 0) >= this.d)
        throw new ModelError(
          { column: c.model.name },
          'the column refers to a latent variable beyond the correlation matrix',
        );
    this.plain = new ConditionalGaussian(this.correlation, this.d, new Map(), this.sweeps);
    this.structure = new StructureDecoder(params.structure, params.columns);
    try {
      this.survival = new SurvivalDraws(params.survival, params, schema);
    } catch (error) {
      throw new ModelError({}, `invalid survival model: ${(error as Error).message}`);
    }
    const stratified = new Set(params.structure.strata.map((st) => st.column));
    this.uniform = this.columns.map((c) => stratified.has(c.model.name));
    this.conditions = new StructureConditions(params.structure, params.columns);
    this.bounds = new ConditionalBounds(
      params.structure.bounds,
      this.columns,
      this.conditions,
      params.structure,
      this.correlation,
      this.d,
    );
  }

  sample({ rows, rng, where, progress }: SampleRequest): Table {
    const translated = this.conditions.translate(where).conditions;
    const constraints = constraintsOf(translated, this.columns);
    const gaussian =
      constraints.size === 0
        ? this.plain
        : new ConditionalGaussian(this.correlation, this.d, constraints, this.sweeps);
    const outputs = this.columns.map((c) => allocate(c, rows));
    const absent = this.columns.map((c) =>
      c.model.missingLatent === null ? undefined : new Uint8Array(rows),
    );
    const c = constraints.size;
    const z = new Float64Array(BLOCK * this.d);
    const chosen = new Int32Array(BLOCK * c);
    const pinned = pinnedValues(constraints, gaussian.constrained, this.d);
    const gibbs = rng.split('gibbs');
    const normals = rng.split('normals');
    const bounds = rng.split('bounds');

    progress?.({ task: 'sampling copula', unit: 'row', done: 0, total: rows });
    for (let from = 0; from < rows; from += BLOCK) {
      const size = Math.min(BLOCK, rows - from);
      gaussian.drawBlock(z, chosen, size, gibbs, normals);
      if (this.bounds.size > 0) this.bounds.apply(z, size, pinned.slot, bounds);
      const block: Block = { z, d: this.d, chosen, c, from, size };
      for (let j = 0; j < this.columns.length; j++)
        decodeBlock(this.columns[j], outputs[j], absent[j], block, pinned, this.uniform[j]);
      progress?.({ task: 'sampling copula', unit: 'row', done: from + size, total: rows });
    }
    const survivalRng = rng.split('survival');
    return this.structure.decode({ values: outputs, absent }, (columns, names) =>
      this.survival.draw(columns, names, [...where, ...translated], survivalRng),
    );
  }
}

/** Rows are drawn and decoded a block at a time: each column's decoding is then one tight loop. */
const BLOCK = 1024;

interface Block {
  /** Latent draws, row-major, d per row. */
  readonly z: Float64Array;
  readonly d: number;
  /** Interval index of each constrained latent, c per row. */
  readonly chosen: Int32Array;
  readonly c: number;
  /** First output row of the block, and its number of rows. */
  readonly from: number;
  readonly size: number;
}

/** For each latent: -1 when free, else its slot among the constrained, to look up `chosen`. */
interface Pinned {
  readonly slot: Int32Array;
  readonly values: number[][];
}

function pinnedValues(constraints: Constraints, constrained: Int32Array, d: number): Pinned {
  const slot = new Int32Array(d).fill(-1);
  const values: number[][] = [];
  constrained.forEach((latent, i) => {
    slot[latent] = i;
    values.push(constraints.get(latent)!.map((interval) => interval.value));
  });
  return { slot, values };
}

function allocate(c: ColumnCodecs, rows: number): Column {
  return c.model.marginal.type === 'number'
    ? numberColumn(new Float64Array(rows))
    : codeColumn(new Int32Array(rows), c.model.marginal.levels);
}

/**
 * Writes a block of one column, and where its missingness indicator says missing, a 1 in `absent`
 * (applied by the decoder, which lets a rule overrule it). A constrained latent takes the value of
 * the interval it was drawn in, so a row meets its conditions exactly, whatever the rounding at
 * interval ends.
 */
function decodeBlock(
  column: ColumnCodecs,
  out: Column,
  absent: Uint8Array | undefined,
  block: Block,
  pinned: Pinned,
  uniform: boolean,
): void {
  const { latent, missingLatent } = column.model;
  const { z, d, chosen, c, from, size } = block;
  const slot = pinned.slot[latent];
  if (out.type === 'number' && uniform) {
    for (let i = 0; i < size; i++) out.values[from + i] = normalCdf(z[i * d + latent]);
  } else if (out.type === 'number') {
    const codec = column.value as NumberCodec;
    for (let i = 0; i < size; i++)
      out.values[from + i] =
        slot >= 0 ? pinned.values[slot][chosen[i * c + slot]] : codec.decode(z[i * d + latent]);
  } else {
    const codec = column.value as CodeCodec;
    for (let i = 0; i < size; i++)
      out.codes[from + i] =
        slot >= 0 ? pinned.values[slot][chosen[i * c + slot]] : codec.decode(z[i * d + latent]);
  }
  if (missingLatent === null || !absent) return;
  const missingSlot = pinned.slot[missingLatent];
  const indicator = column.missing!;
  for (let i = 0; i < size; i++)
    absent[from + i] = (
      missingSlot >= 0
        ? pinned.values[missingSlot][chosen[i * c + missingSlot]] === 1
        : indicator.decode(z[i * d + missingLatent]) === 1
    )
      ? 1
      : 0;
}
