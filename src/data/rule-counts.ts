/**
 * What rule inference (`infer-rules.ts`, `infer-derived.ts`) reads of a table, as one dense vector
 * of integer counts whose layout depends on the schema alone, so that two sites' counts add up to
 * the counts of their pooled rows and the rules can be decided where no one holds those rows
 * (the federated `rules` protocol sums them by secure aggregation). The vector holds:
 *  - N, the rows;
 *  - per discrete column (category or flag with at most 12 levels, not an identifier, centre or
 *    derived column): its levels' counts and its missing count; per pair of them, the 2-way table
 *    with missing as a level of its own (implications, exclusivities);
 *  - per column that can be missing: its missing count, and per discrete premise the rows of each
 *    level on which it is missing (missing-when);
 *  - per pair of ordered columns of one family (times of one unit, dates, ages): rows with both,
 *    rows where the first is smaller, rows where it is larger (orderings);
 *  - per column of a family: rows with a value, the sum of its values and of their squares, each
 *    value rounded to a whole unit (a copy needs at least two distinct values: a variance above 0);
 *  - per ordered pair (target, source) of one family: rows with the target, rows where it differs
 *    from the source, rows with the source only; and per discrete column and level (missing
 *    included), rows with the target and rows with the source only (copies and their condition).
 * Nothing here is a single patient's value: counts and pooled sums of the kind the federated
 * copula's moments phase releases.
 *
 * The layout follows the schema's declared categories (`ruleCountsLayout(schema)`); a categorical
 * column without declared categories has no schema-determined levels and is not discrete there. The
 * local `inferRules` lays the counts out on the table's own levels (`tableShapes`), which equal the
 * declared ones once the table is conformed, and also covers undeclared categories.
 */
import { DataError } from '../core/errors.js';
import { timeStem } from './infer-endpoints.js';
import type { Schema } from './schema.js';
import { isMissing, type Table } from './table.js';

/** Columns with more levels than this are not premises, conclusions or conditions of rules. */
export const MAX_RULE_LEVELS = 12;

/** How a column appears to rule inference: held or not, numbers or codes, and its levels. */
export interface ColumnShape {
  readonly present: boolean;
  readonly type: 'number' | 'code';
  /** Code columns: the levels, in code order (undefined when the schema does not declare them). */
  readonly levels?: readonly string[];
}

export interface DiscreteSlot {
  readonly name: string;
  readonly labels: readonly string[];
  /** labels.length + 1 cells: each level's rows, then the missing rows. */
  readonly offset: number;
}

export interface MissingSlot {
  readonly name: string;
  /** One cell: rows on which the column is missing. */
  readonly total: number;
  /** Per discrete premise (by index), labels.length cells of rows missing here; -1 for itself. */
  readonly byPremise: readonly number[];
}

export interface OrderingSlot {
  readonly left: string;
  readonly right: string;
  /** Three cells: rows with both, rows with left < right, rows with left > right. */
  readonly offset: number;
}

export interface RuleCountsLayout {
  readonly length: number;
  readonly discrete: readonly DiscreteSlot[];
  /** pairs[a][b] (a < b): (La + 1) × (Lb + 1) cells, a's level major, missing last. */
  readonly pairs: readonly (readonly number[])[];
  readonly missing: readonly MissingSlot[];
  /** Columns that can be ordered, by family, in the schema's order. */
  readonly families: readonly (readonly string[])[];
  readonly orderings: readonly OrderingSlot[];
  /** Family column → three cells: rows with a value, Σ round(value), Σ round(value)². */
  readonly spread: ReadonlyMap<string, number>;
  /** `target source` → 3 cells, then per discrete column (L + 1) × 2 cells (with target, source only). */
  readonly copies: ReadonlyMap<string, number>;
}

const AGE_NAME = /^age$|^age[_.]|[_.]age$/i;

/** How the schema alone shapes each column: every column held, levels as declared. */
export function schemaShapes(schema: Schema): Map<string, ColumnShape> {
  const shapes = new Map<string, ColumnShape>();
  for (const spec of schema.columns) {
    const coded = spec.kind === 'categorical' || spec.kind === 'boolean';
    const levels = spec.kind === 'boolean' ? (spec.categories ?? ['0', '1']) : spec.categories;
    shapes.set(
      spec.name,
      coded ? { present: true, type: 'code', levels } : { present: true, type: 'number' },
    );
  }
  return shapes;
}

/** How a table shapes each schema column: what it holds, with its own levels. */
export function tableShapes(table: Table, schema: Schema): Map<string, ColumnShape> {
  const shapes = new Map<string, ColumnShape>();
  for (const spec of schema.columns) {
    const column = table.has(spec.name) ? table.column(spec.name) : undefined;
    shapes.set(
      spec.name,
      !column
        ? { present: false, type: 'number' }
        : column.type === 'code'
          ? { present: true, type: 'code', levels: column.levels }
          : { present: true, type: 'number' },
    );
  }
  return shapes;
}

export function ruleCountsLayout(
  schema: Schema,
  shapes: ReadonlyMap<string, ColumnShape> = schemaShapes(schema),
): RuleCountsLayout {
  let length = 1;
  const take = (cells: number) => {
    const offset = length;
    length += cells;
    return offset;
  };
  const shape = (name: string) => shapes.get(name) ?? { present: false, type: 'number' as const };
  const derived = new Set(schema.rules.flatMap((r) => (r.type === 'derived' ? [r.column] : [])));
  const discrete: DiscreteSlot[] = schema.columns
    .filter((s) => s.role !== 'id' && s.role !== 'centre' && s.kind !== 'date' && !derived.has(s.name))
    .flatMap((s) => {
      const { present, type, levels } = shape(s.name);
      if (!present || type !== 'code' || !levels || levels.length > MAX_RULE_LEVELS) return [];
      return [{ name: s.name, labels: levels, offset: take(levels.length + 1) }];
    });
  const pairs = discrete.map((a, i) =>
    discrete.map((b, j) => (j > i ? take((a.labels.length + 1) * (b.labels.length + 1)) : -1)),
  );
  const missing: MissingSlot[] = schema.columns
    .filter((s) => s.role !== 'id' && shape(s.name).present)
    .map((s) => ({
      name: s.name,
      total: take(1),
      byPremise: discrete.map((d) => (d.name === s.name ? -1 : take(d.labels.length))),
    }));
  const byFamily = new Map<string, string[]>();
  for (const spec of schema.columns) {
    const { present, type } = shape(spec.name);
    if (!present || type !== 'number') continue;
    const family =
      spec.kind === 'date'
        ? 'date'
        : spec.role === 'time'
          ? (spec.unit ?? timeStem(spec.name)?.unit ?? 'time')
          : AGE_NAME.test(spec.name)
            ? 'age'
            : undefined;
    if (family) byFamily.set(family, [...(byFamily.get(family) ?? []), spec.name]);
  }
  const families = [...byFamily.values()];
  const orderings: OrderingSlot[] = families.flatMap((names) =>
    names.flatMap((left, i) => names.slice(i + 1).map((right) => ({ left, right, offset: take(3) }))),
  );
  const spread = new Map(families.flat().map((name) => [name, take(3)]));
  const perCopy = 3 + discrete.reduce((t, d) => t + 2 * (d.labels.length + 1), 0);
  const copies = new Map(
    families.flatMap((names) =>
      names.flatMap((target) =>
        names
          .filter((source) => source !== target)
          .map((source) => [copyKey(target, source), take(perCopy)] as const),
      ),
    ),
  );
  return { length, discrete, pairs, missing, families, orderings, spread, copies };
}

export function copyKey(target: string, source: string): string {
  return `${target} ${source}`;
}

/**
 * The counts of a table, in the layout the schema gives (by default its declared categories). The
 * table must hold every column the layout names; codes beyond a slot's levels are refused.
 */
export function ruleCounts(table: Table, schema: Schema, layout = ruleCountsLayout(schema)): Float64Array {
  const counts = new Float64Array(layout.length);
  const n = table.nRows;
  counts[0] = n;
  const codes = layout.discrete.map((d) => {
    const column = table.column(d.name);
    if (column.type !== 'code')
      throw new DataError({ column: d.name }, 'expected a category column, as the schema declares');
    const L = d.labels.length;
    // Missing is the last level of each slot.
    return Int32Array.from(column.codes, (code, r) => {
      if (code >= L)
        throw new DataError(
          { column: d.name, row: r + 1 },
          `code ${code} is beyond the ${L} declared levels`,
        );
      return code < 0 ? L : code;
    });
  });
  countDiscrete(counts, layout, codes, n);
  countMissing(table, counts, layout, codes, n);
  countOrderings(table, counts, layout);
  countSpread(table, counts, layout);
  countCopies(table, counts, layout, codes);
  return counts;
}

function countDiscrete(counts: Float64Array, layout: RuleCountsLayout, codes: Int32Array[], n: number): void {
  const { discrete, pairs } = layout;
  for (let a = 0; a < discrete.length; a++) {
    const ca = codes[a];
    const one = discrete[a].offset;
    for (let r = 0; r < n; r++) counts[one + ca[r]]++;
    for (let b = a + 1; b < discrete.length; b++) {
      const cb = codes[b];
      const width = discrete[b].labels.length + 1;
      const base = pairs[a][b];
      for (let r = 0; r < n; r++) counts[base + ca[r] * width + cb[r]]++;
    }
  }
}

function countMissing(
  table: Table,
  counts: Float64Array,
  layout: RuleCountsLayout,
  codes: Int32Array[],
  n: number,
): void {
  for (const slot of layout.missing) {
    const column = table.column(slot.name);
    for (let r = 0; r < n; r++) {
      if (!isMissing(column, r)) continue;
      counts[slot.total]++;
      slot.byPremise.forEach((offset, d) => {
        // The premise's own missing rows are not a level of it.
        if (offset >= 0 && codes[d][r] < layout.discrete[d].labels.length) counts[offset + codes[d][r]]++;
      });
    }
  }
}

function countOrderings(table: Table, counts: Float64Array, layout: RuleCountsLayout): void {
  for (const { left, right, offset } of layout.orderings) {
    const a = table.numbers(left);
    const b = table.numbers(right);
    for (let r = 0; r < a.length; r++) {
      if (Number.isNaN(a[r]) || Number.isNaN(b[r])) continue;
      counts[offset]++;
      if (a[r] < b[r]) counts[offset + 1]++;
      else if (a[r] > b[r]) counts[offset + 2]++;
    }
  }
}

function countSpread(table: Table, counts: Float64Array, layout: RuleCountsLayout): void {
  for (const [name, offset] of layout.spread) {
    for (const v of table.numbers(name)) {
      if (Number.isNaN(v)) continue;
      const q = Math.round(v);
      counts[offset]++;
      counts[offset + 1] += q;
      counts[offset + 2] += q * q;
    }
  }
}

function countCopies(
  table: Table,
  counts: Float64Array,
  layout: RuleCountsLayout,
  codes: Int32Array[],
): void {
  for (const names of layout.families)
    for (const target of names)
      for (const source of names) {
        if (source === target) continue;
        let offset = layout.copies.get(copyKey(target, source))!;
        const t = table.numbers(target);
        const s = table.numbers(source);
        const blocks = layout.discrete.map((d) => {
          const at = offset + 3;
          offset += 2 * (d.labels.length + 1);
          return at;
        });
        const head = layout.copies.get(copyKey(target, source))!;
        for (let r = 0; r < t.length; r++) {
          const withTarget = !Number.isNaN(t[r]);
          const sourceOnly = !withTarget && !Number.isNaN(s[r]);
          if (!withTarget && !sourceOnly) continue;
          if (withTarget) counts[head]++;
          if (withTarget && t[r] !== s[r]) counts[head + 1]++;
          if (sourceOnly) counts[head + 2]++;
          const cell = withTarget ? 0 : 1;
          for (let d = 0; d < blocks.length; d++) counts[blocks[d] + 2 * codes[d][r] + cell]++;
        }
      }
}

/** The counts read back by rule: what the decisions of `infer-rules.ts` and `infer-derived.ts` ask. */
export class RuleCountsView {
  readonly rows: number;
  private readonly index: Map<string, number>;

  constructor(
    readonly counts: ArrayLike<number>,
    readonly layout: RuleCountsLayout,
  ) {
    if (counts.length !== layout.length)
      throw new DataError(
        {},
        `rule counts hold ${counts.length} entries; the schema's layout has ${layout.length}`,
      );
    this.rows = counts[0];
    this.index = new Map(layout.discrete.map((d, i) => [d.name, i]));
  }

  discreteIndex(name: string): number | undefined {
    return this.index.get(name);
  }

  /** Rows of level k of discrete column d (k = its number of labels: missing). */
  level(d: number, k: number): number {
    return this.counts[this.layout.discrete[d].offset + k];
  }

  /** Rows with level ka of a and level kb of b (missing = the number of labels). */
  joint(a: number, ka: number, b: number, kb: number): number {
    if (a === b) return ka === kb ? this.level(a, ka) : 0;
    if (a > b) return this.joint(b, kb, a, ka);
    const width = this.layout.discrete[b].labels.length + 1;
    return this.counts[this.layout.pairs[a][b] + ka * width + kb];
  }

  missingTotal(slot: MissingSlot): number {
    return this.counts[slot.total];
  }

  /** Rows of premise level k on which the slot's column is missing. */
  missingAt(slot: MissingSlot, premise: number, k: number): number {
    return this.counts[slot.byPremise[premise] + k];
  }

  ordering(slot: OrderingSlot): { both: number; less: number; greater: number } {
    const at = slot.offset;
    return { both: this.counts[at], less: this.counts[at + 1], greater: this.counts[at + 2] };
  }

  /** At least two distinct (whole-unit) values: n·Σq² > (Σq)², in exact integers. */
  varies(name: string): boolean {
    const at = this.layout.spread.get(name)!;
    const [n, s1, s2] = [this.counts[at], this.counts[at + 1], this.counts[at + 2]].map(BigInt);
    return n * s2 > s1 * s1;
  }

  copy(target: string, source: string): { present: number; differs: number; sourceOnly: number } {
    const at = this.layout.copies.get(copyKey(target, source))!;
    return { present: this.counts[at], differs: this.counts[at + 1], sourceOnly: this.counts[at + 2] };
  }

  /** Per level k of discrete column d (missing last): rows with the target, rows with the source only. */
  copyBy(target: string, source: string, d: number): Array<{ withTarget: number; sourceOnly: number }> {
    let at = this.layout.copies.get(copyKey(target, source))! + 3;
    for (let i = 0; i < d; i++) at += 2 * (this.layout.discrete[i].labels.length + 1);
    return Array.from({ length: this.layout.discrete[d].labels.length + 1 }, (_, k) => ({
      withTarget: this.counts[at + 2 * k],
      sourceOnly: this.counts[at + 2 * k + 1],
    }));
  }
}
