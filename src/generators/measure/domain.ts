/**
 * The finite domain a marginal-based generator works on, built from the declared schema alone:
 * categories as declared, booleans as two states, numeric/integer/date columns binned between their
 * declared bounds (see `bins.ts`), and a missing state last for every nullable column. Nothing here
 * reads a row, so every site of a federation derives the same domain and its hash, and measurements
 * taken on it can be added.
 *
 * Identifier columns are left out (the pipeline makes fresh ones), and so are derived columns (the
 * pipeline recomputes them from their inputs after sampling).
 */
import { createHash } from 'node:crypto';
import { SchemaError } from '../../core/errors.js';
import { daysFromIso } from '../../data/dates.js';
import type { ColumnSpec, Schema } from '../../data/schema.js';
import { type BinEdges, type BinScale, binEdges } from './bins.js';

interface AttributeBase {
  /** The column's name. */
  readonly name: string;
  /** Number of states, the missing state included. */
  readonly size: number;
  /** A nullable column: its last state (size − 1) means missing. */
  readonly missing: boolean;
}

export interface CategoricalAttribute extends AttributeBase {
  readonly type: 'categorical';
  /** A boolean's state 1 is true whatever its labels (as in a Table's codes). */
  readonly kind: 'categorical' | 'boolean';
  /** Declared categories (a boolean's `[false, true]` labels); state i is levels[i]. */
  readonly levels: readonly string[];
}

export interface BinnedAttribute extends AttributeBase {
  readonly type: 'binned';
  readonly kind: 'numeric' | 'integer' | 'date';
  readonly bins: BinEdges;
}

export type Attribute = CategoricalAttribute | BinnedAttribute;

export interface Domain {
  readonly attributes: readonly Attribute[];
  /** sha256 of the attributes' full definitions (levels, edges): equal hashes, addable measurements. */
  readonly hash: string;
}

export interface DomainOptions {
  /** Bins for a numeric, integer or date column (default 16); an integer range with fewer values gets one bin each. */
  readonly bins?: number;
  /** Per column: its bin count and spacing. Spacing defaults to `log` for survival times, `linear` otherwise. */
  readonly columns?: Readonly<Record<string, { bins?: number; scale?: BinScale }>>;
}

export const DEFAULT_BINS = 16;

/** The domain of every modelled column of `schema`: no identifiers, no derived columns. */
export function domainFromSchema(schema: Schema, options: DomainOptions = {}): Domain {
  const derived = new Set(schema.rules.flatMap((r) => (r.type === 'derived' ? [r.column] : [])));
  for (const name of Object.keys(options.columns ?? {}))
    if (!schema.columns.some((c) => c.name === name))
      throw new SchemaError({ column: name }, 'binning options name a column the schema does not declare');
  const attributes = schema.columns
    .filter((spec) => spec.role !== 'id' && !derived.has(spec.name))
    .map((spec) => attributeOf(spec, options));
  return { attributes, hash: hashAttributes(attributes) };
}

function attributeOf(spec: ColumnSpec, options: DomainOptions): Attribute {
  const missing = spec.nullable;
  const extra = missing ? 1 : 0;
  if (spec.kind === 'categorical') {
    if (!spec.categories?.length)
      throw new SchemaError(
        { column: spec.name },
        'declare its categories in the schema: a private generator may not learn them from the data',
      );
    return {
      type: 'categorical',
      kind: 'categorical',
      name: spec.name,
      levels: spec.categories,
      missing,
      size: spec.categories.length + extra,
    };
  }
  if (spec.kind === 'boolean') {
    const levels = spec.categories?.length === 2 ? spec.categories : ['0', '1'];
    return { type: 'categorical', kind: 'boolean', name: spec.name, levels, missing, size: 2 + extra };
  }
  const { min, max } = declaredBounds(spec);
  const own = options.columns?.[spec.name];
  const bins = own?.bins ?? options.bins ?? DEFAULT_BINS;
  if (!Number.isInteger(bins) || bins < 1)
    throw new SchemaError({ column: spec.name }, `bins must be a positive integer, got ${bins}`);
  const scale = own?.scale ?? (spec.role === 'time' ? 'log' : 'linear');
  const edges = binEdges(min, max, bins, scale, spec.kind !== 'numeric');
  return {
    type: 'binned',
    name: spec.name,
    kind: spec.kind,
    bins: edges,
    missing,
    size: edges.edges.length - 1 + extra,
  };
}

function declaredBounds(spec: ColumnSpec): { min: number; max: number } {
  const min = boundOf(spec, spec.min);
  const max = boundOf(spec, spec.max);
  if (min === undefined || max === undefined)
    throw new SchemaError(
      { column: spec.name },
      `declare its ${min === undefined ? (max === undefined ? 'min and max' : 'min') : 'max'} in the schema: a private generator bins a ${spec.kind} column between declared bounds, never the data's`,
    );
  if (max < min) throw new SchemaError({ column: spec.name }, `max (${spec.max}) is below min (${spec.min})`);
  if (spec.kind !== 'numeric' && (!Number.isInteger(min) || !Number.isInteger(max)))
    throw new SchemaError({ column: spec.name }, `an ${spec.kind} column needs whole bounds`);
  return { min, max };
}

function boundOf(spec: ColumnSpec, bound: number | string | undefined): number | undefined {
  if (bound === undefined) return undefined;
  if (spec.kind === 'date') {
    const days = typeof bound === 'string' ? daysFromIso(bound) : Number.NaN;
    if (Number.isNaN(days))
      throw new SchemaError({ column: spec.name }, `date bound '${bound}' is not an ISO date (YYYY-MM-DD)`);
    return days;
  }
  if (typeof bound !== 'number' || !Number.isFinite(bound))
    throw new SchemaError({ column: spec.name }, `bound '${bound}' is not a finite number`);
  return bound;
}

/** The attribute named `name`'s index in the domain. */
export function attributeIndex(domain: Domain, name: string): number {
  const at = domain.attributes.findIndex((a) => a.name === name);
  if (at < 0) throw new SchemaError({ column: name }, 'not an attribute of the measured domain');
  return at;
}

function hashAttributes(attributes: readonly Attribute[]): string {
  const canonical = attributes.map((a) =>
    a.type === 'categorical'
      ? ['c', a.name, a.kind, a.missing, a.levels]
      : ['b', a.name, a.kind, a.missing, a.bins.integer, a.bins.edges],
  );
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex')}`;
}
