/**
 * The covariates of a proportional-hazards model for simulation, coded from a table's columns as a
 * regression design: a number column centred and divided by its standard deviation, plus (with
 * enough distinct values) the two nonlinear terms of a restricted cubic spline with knots at its
 * 5th, 35th, 65th and 95th percentiles (Harrell, Regression Modeling Strategies, 2nd ed., §2.4.5),
 * so that a skewed laboratory value (bilirubin) or a U-shaped effect is not forced onto a straight
 * line; a missing value is coded as the mean plus an indicator "is missing" (the missing-indicator method: biased for
 * inference, but here the aim is to reproduce the hazard of patients with a missing value, which is
 * what the indicator estimates); a code column as 0/1 indicators of every level but its most
 * frequent one (the reference), plus "is missing". Columns are referred to by index into the
 * covariate list the caller gives, so the same design reads training columns and synthetic ones.
 */
import * as z from 'zod';

const ColumnIndex = z.number().int().min(0);

export const DesignTerm = z.union([
  /** (value − centre) / scale; 0 when missing. */
  z
    .object({
      type: z.literal('number'),
      column: ColumnIndex,
      centre: z.number(),
      scale: z.number().positive(),
    })
    .strict(),
  /**
   * Harrell's restricted cubic spline term j (1 ≤ j ≤ knots − 2) of the value, divided by `scale`
   * after subtracting `centre`; 0 when missing.
   */
  z
    .object({
      type: z.literal('spline'),
      column: ColumnIndex,
      knots: z.array(z.number()).min(3),
      term: z.number().int().min(1),
      centre: z.number(),
      scale: z.number().positive(),
    })
    .strict()
    .refine((t) => t.term <= t.knots.length - 2 && t.knots.every((k, i) => i === 0 || k > t.knots[i - 1]), {
      message: 'spline knots must increase, and the term index lie within them',
    }),
  /** 1 when the code column holds `level`. */
  z.object({ type: z.literal('level'), column: ColumnIndex, level: z.number().int().min(0) }).strict(),
  /** 1 when the value is missing. */
  z.object({ type: z.literal('missing'), column: ColumnIndex }).strict(),
]);

export type DesignTerm = z.infer<typeof DesignTerm>;

/** What the design reads: a number column (NaN = missing) or a code column (−1 = missing). */
export type CovariateColumn =
  | { readonly type: 'number'; readonly values: Float64Array }
  | { readonly type: 'code'; readonly codes: Int32Array };

/** The terms the rows support: none that would be constant on them. */
export function designTerms(columns: readonly CovariateColumn[], rows: Uint32Array): DesignTerm[] {
  const terms: DesignTerm[] = [];
  columns.forEach((column, index) => {
    if (column.type === 'number') numberTerms(column.values, index, rows, terms);
    else codeTerms(column.codes, index, rows, terms);
  });
  return terms;
}

function numberTerms(values: Float64Array, column: number, rows: Uint32Array, terms: DesignTerm[]): void {
  // Moments of values divided by the largest magnitude, so that squares of values near 1e160 do
  // not overflow into an infinite scale (which a model file cannot hold).
  let top = 0;
  for (const row of rows) if (!Number.isNaN(values[row])) top = Math.max(top, Math.abs(values[row]));
  let n = 0;
  let mean = 0;
  let ss = 0;
  for (const row of rows) {
    const v = values[row] / top;
    if (Number.isNaN(v)) continue;
    n++;
    const delta = v - mean;
    mean += delta / n;
    ss += delta * (v - mean);
  }
  const sd = n > 1 && top > 0 ? Math.sqrt(ss / (n - 1)) * top : 0;
  if (sd > 0 && Number.isFinite(sd)) terms.push({ type: 'number', column, centre: mean * top, scale: sd });
  if (sd > 0) splineTerms(values, column, rows, terms);
  if (n > 0 && rows.length - n >= MIN_CELL) terms.push({ type: 'missing', column });
}

/** Knots at these quantiles (Harrell's choice for four knots). */
const KNOT_QUANTILES = [0.05, 0.35, 0.65, 0.95];
/** Fewer distinct values than this: a straight line only (a score such as ECOG 0–4). */
const MIN_DISTINCT_FOR_SPLINE = 10;
/**
 * A knot is the mean of this many values around its quantile, not one patient's value (a model
 * file holds the knots); splines need 20 times as many values, so the outer knots never reach the
 * extremes.
 */
const KNOT_WINDOW = 10;

function splineTerms(values: Float64Array, column: number, rows: Uint32Array, terms: DesignTerm[]): void {
  const present = Float64Array.from(rows, (row) => values[row])
    .filter((v) => !Number.isNaN(v))
    .sort();
  let distinct = 0;
  for (let i = 0; i < present.length && distinct < MIN_DISTINCT_FOR_SPLINE; i++)
    if (i === 0 || present[i] !== present[i - 1]) distinct++;
  if (distinct < MIN_DISTINCT_FOR_SPLINE || present.length < 20 * KNOT_WINDOW) return;
  const knots = KNOT_QUANTILES.map((q) => {
    const from = Math.min(
      present.length - KNOT_WINDOW,
      Math.max(0, Math.floor(q * present.length) - KNOT_WINDOW / 2),
    );
    let sum = 0;
    for (let i = from; i < from + KNOT_WINDOW; i++) sum += present[i];
    return sum / KNOT_WINDOW;
  });
  if (!knots.every((k, i) => i === 0 || k > knots[i - 1])) return;
  for (let term = 1; term <= knots.length - 2; term++) {
    let mean = 0;
    for (const v of present) mean += rcs(v, knots, term) / present.length;
    let ss = 0;
    for (const v of present) ss += (rcs(v, knots, term) - mean) ** 2;
    const scale = Math.sqrt(ss / Math.max(1, present.length - 1));
    if (scale > 0) terms.push({ type: 'spline', column, knots, term, centre: mean, scale });
  }
}

/**
 * Harrell's restricted cubic spline basis function j: cubic between the knots, linear beyond the
 * outer ones, divided by (t_k − t_1)² so that it is on the scale of x.
 */
export function rcs(x: number, knots: readonly number[], j: number): number {
  const k = knots.length;
  const [tj, tk1, tk] = [knots[j - 1], knots[k - 2], knots[k - 1]];
  const cube = (v: number) => (v > 0 ? v * v * v : 0);
  const value =
    cube(x - tj) - (cube(x - tk1) * (tk - tj)) / (tk - tk1) + (cube(x - tk) * (tk1 - tj)) / (tk - tk1);
  return value / (tk - knots[0]) ** 2;
}

function codeTerms(codes: Int32Array, column: number, rows: Uint32Array, terms: DesignTerm[]): void {
  const counts: number[] = [];
  let missing = 0;
  for (const row of rows) {
    const code = codes[row];
    if (code < 0) missing++;
    else counts[code] = (counts[code] ?? 0) + 1;
  }
  let reference = -1;
  counts.forEach((count, level) => {
    if (count > 0 && (reference < 0 || count > counts[reference])) reference = level;
  });
  // A level held by fewer than MIN_CELL patients is pooled with the reference: its own coefficient
  // would mostly be those few patients' outcomes, stored in the model file.
  counts.forEach((count, level) => {
    if (count >= MIN_CELL && level !== reference) terms.push({ type: 'level', column, level });
  });
  if (missing >= MIN_CELL && missing < rows.length) terms.push({ type: 'missing', column });
}

/** Fewest patients behind an indicator term (the small-cell threshold of health statistics). */
const MIN_CELL = 10;

/** Term `term`'s value on `row`. */
export function termValue(term: DesignTerm, columns: readonly CovariateColumn[], row: number): number {
  const column = columns[term.column];
  if (column.type === 'number') {
    const v = column.values[row];
    if (term.type === 'missing') return Number.isNaN(v) ? 1 : 0;
    if (Number.isNaN(v)) return 0;
    if (term.type === 'number') return (v - term.centre) / term.scale;
    return term.type === 'spline' ? (rcs(v, term.knots, term.term) - term.centre) / term.scale : 0;
  }
  const code = column.codes[row];
  if (term.type === 'missing') return code < 0 ? 1 : 0;
  return term.type === 'level' && code === term.level ? 1 : 0;
}

const NUMBER = 0;
const SPLINE = 1;
const LEVEL = 2;
const MISSING = 3;

/** A design turned into typed arrays, to evaluate every term of one row in a tight loop. */
export class CompiledDesign {
  private readonly kind: Uint8Array;
  private readonly column: Uint32Array;
  private readonly centre: Float64Array;
  private readonly scale: Float64Array;
  private readonly level: Int32Array;

  constructor(private readonly terms: readonly DesignTerm[]) {
    const p = terms.length;
    this.kind = new Uint8Array(p);
    this.column = Uint32Array.from(terms, (t) => t.column);
    this.centre = new Float64Array(p);
    this.scale = new Float64Array(p).fill(1);
    this.level = new Int32Array(p).fill(-1);
    terms.forEach((t, j) => {
      if (t.type === 'number' || t.type === 'spline') {
        this.kind[j] = t.type === 'number' ? NUMBER : SPLINE;
        this.centre[j] = t.centre;
        this.scale[j] = t.scale;
      } else if (t.type === 'level') {
        this.kind[j] = LEVEL;
        this.level[j] = t.level;
      } else this.kind[j] = MISSING;
    });
  }

  /** Every term's value on `row`, into `out`. */
  values(columns: readonly CovariateColumn[], row: number, out: Float64Array): void {
    for (let j = 0; j < out.length; j++) {
      const column = columns[this.column[j]];
      const kind = this.kind[j];
      if (column.type === 'code') {
        const code = column.codes[row];
        out[j] = kind === MISSING ? (code < 0 ? 1 : 0) : code === this.level[j] ? 1 : 0;
        continue;
      }
      const v = column.values[row];
      if (kind === MISSING) out[j] = Number.isNaN(v) ? 1 : 0;
      else if (Number.isNaN(v)) out[j] = 0;
      else if (kind === NUMBER) out[j] = (v - this.centre[j]) / this.scale[j];
      else {
        const t = this.terms[j] as Extract<DesignTerm, { type: 'spline' }>;
        out[j] = (rcs(v, t.knots, t.term) - this.centre[j]) / this.scale[j];
      }
    }
  }
}

/** The design's columns over `rows`. */
export function designColumns(
  terms: readonly DesignTerm[],
  columns: readonly CovariateColumn[],
  rows: Uint32Array,
): Float64Array[] {
  const out = terms.map(() => new Float64Array(rows.length));
  const design = new CompiledDesign(terms);
  const x = new Float64Array(terms.length);
  rows.forEach((row, i) => {
    design.values(columns, row, x);
    for (let j = 0; j < x.length; j++) out[j][i] = x[j];
  });
  return out;
}

/** Why a design cannot read these columns (a term on a column that is not there or of the other kind), or null. */
export function designMismatch(
  terms: readonly DesignTerm[],
  kinds: ReadonlyArray<'number' | 'code'>,
): string | null {
  for (const term of terms) {
    const kind = kinds[term.column];
    if (kind === undefined) return `a term reads covariate #${term.column}, which does not exist`;
    if (
      ((term.type === 'number' || term.type === 'spline') && kind !== 'number') ||
      (term.type === 'level' && kind !== 'code')
    )
      return `a ${term.type} term reads covariate #${term.column}, which holds ${kind === 'code' ? 'categories' : 'numbers'}`;
  }
  return null;
}
