/**
 * Test data and small, obvious statistics for the copula's tests. The cohort has the shapes the
 * copula must keep: a correlated lognormal lab, a bounded integer score piled at its bound, a
 * zero-inflated count, a categorical column associated non-monotonically with a number, a boolean,
 * a block of mutation flags with known co-mutation odds ratios (two rare flags with OR ≈ 9, a rare
 * and a common flag with OR ≈ 0.1), and a lab missing more often in older patients.
 */
import { Rng } from '../../../core/rng.js';
import { parseSchema, type Schema } from '../../../data/schema.js';
import { type Column, codeColumn, numberColumn, Table } from '../../../data/table.js';

const SUBTYPES = ['A', 'B', 'C', 'D'];

export function cohort(n: number, seed = 1, extraColumns = 0): { table: Table; schema: Schema } {
  const rng = Rng.from(seed);
  const cols: Record<string, Float64Array> = {};
  const make = (name: string) => {
    cols[name] = new Float64Array(n);
    return cols[name];
  };
  const [age, wbc, blasts, transfusions, subtype, sex, ldh, npm1, dnmt3a, rareA, rareB, rareC, common] = [
    'age',
    'wbc',
    'blasts',
    'transfusions',
    'subtype',
    'sex',
    'ldh',
    'npm1',
    'dnmt3a',
    'rare_a',
    'rare_b',
    'rare_c',
    'common',
  ].map(make);
  for (let i = 0; i < n; i++) {
    const f = rng.normal();
    age[i] = Math.round(Math.min(95, Math.max(18, 60 + 14 * (0.5 * f + 0.87 * rng.normal()))));
    wbc[i] = Math.round(Math.exp(2 + 0.9 * (0.7 * f + 0.71 * rng.normal())) * 10) / 10;
    blasts[i] = Math.min(100, Math.round(45 + 35 * (0.5 * f + 0.87 * rng.normal())));
    blasts[i] = Math.max(0, blasts[i]);
    // Zero-inflated: more zeros when f is low.
    transfusions[i] = rng.uniform() < 0.45 - 0.2 * Math.tanh(f) ? 0 : 1 + rng.poisson(2 + Math.max(0, f));
    // Subtype B has high wbc, D low, A and C in between: a non-monotone association with the code order.
    const logit = [0, 1.8 * f, 0.3 * f, -1.8 * f];
    subtype[i] = rng.categorical(logit.map(Math.exp));
    sex[i] = rng.bernoulli(0.45) ? 1 : 0;
    ldh[i] =
      rng.uniform() < (age[i] >= 65 ? 0.4 : 0.05)
        ? Number.NaN
        : Math.round(200 * Math.exp(0.4 * rng.normal()));
    npm1[i] = rng.bernoulli(0.3) ? 1 : 0;
    dnmt3a[i] = rng.bernoulli(npm1[i] ? 0.4 : 0.17) ? 1 : 0;
    // P(b | a) = 0.18, P(b | not a) = 0.024: OR ≈ 9. P(common | c) = 0.02, P(common | not c) = 0.17: OR ≈ 0.1.
    rareA[i] = rng.bernoulli(0.03) ? 1 : 0;
    rareB[i] = rng.bernoulli(rareA[i] ? 0.18 : 0.024) ? 1 : 0;
    rareC[i] = rng.bernoulli(0.025) ? 1 : 0;
    common[i] = rng.bernoulli(rareC[i] ? 0.02 : 0.17) ? 1 : 0;
  }
  const codes = (x: Float64Array) => Int32Array.from(x);
  const columns: Array<[string, Column]> = [
    ['age', numberColumn(age)],
    ['wbc', numberColumn(wbc)],
    ['blasts', numberColumn(blasts)],
    ['transfusions', numberColumn(transfusions)],
    ['subtype', codeColumn(codes(subtype), SUBTYPES)],
    ['sex', codeColumn(codes(sex), ['F', 'M'])],
    ['ldh', numberColumn(ldh)],
    ...['npm1', 'dnmt3a', 'rare_a', 'rare_b', 'rare_c', 'common'].map((name): [string, Column] => [
      name,
      codeColumn(codes(cols[name]), ['0', '1']),
    ]),
  ];
  const specs = [
    { name: 'age', kind: 'integer', min: 18, max: 95 },
    { name: 'wbc', kind: 'numeric', min: 0 },
    { name: 'blasts', kind: 'integer', min: 0, max: 100 },
    { name: 'transfusions', kind: 'integer', min: 0 },
    { name: 'subtype', kind: 'categorical', categories: SUBTYPES },
    { name: 'sex', kind: 'boolean', categories: ['F', 'M'] },
    { name: 'ldh', kind: 'numeric' },
    ...['npm1', 'dnmt3a', 'rare_a', 'rare_b', 'rare_c', 'common'].map((name) => ({
      name,
      kind: 'boolean',
      role: 'mutation',
      categories: ['0', '1'],
    })),
  ];
  for (let j = 0; j < extraColumns; j++) {
    const name = `x${j}`;
    const base = cols.wbc;
    if (j % 2 === 0) {
      columns.push([name, numberColumn(Float64Array.from(base, (w) => Math.log(w) + rng.normal()))]);
      specs.push({ name, kind: 'numeric' } as (typeof specs)[number]);
    } else {
      columns.push([
        name,
        codeColumn(
          Int32Array.from(base, (w) => (rng.bernoulli(w > 10 ? 0.2 : 0.05) ? 1 : 0)),
          ['0', '1'],
        ),
      ]);
      specs.push({ name, kind: 'boolean', categories: ['0', '1'] } as (typeof specs)[number]);
    }
  }
  return { table: new Table(columns), schema: parseSchema({ version: 1, columns: specs }) };
}

/** Values of a column as numbers (codes for code columns), NaN for missing. */
export function values(table: Table, name: string): Float64Array {
  const column = table.column(name);
  if (column.type === 'number') return column.values;
  return Float64Array.from(column.codes, (c) => (c < 0 ? Number.NaN : c));
}

/** Two-sample Kolmogorov–Smirnov distance over the non-missing values. */
export function ksDistance(a: Float64Array, b: Float64Array): number {
  const x = a.filter((v) => !Number.isNaN(v)).sort();
  const y = b.filter((v) => !Number.isNaN(v)).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i], y[j]);
    while (i < x.length && x[i] <= v) i++;
    while (j < y.length && y[j] <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

export function share(x: Float64Array, test: (v: number) => boolean): number {
  let k = 0;
  for (const v of x) if (test(v)) k++;
  return k / x.length;
}

/** Odds ratio of two 0/1 columns (0.5 added to every cell when one is empty). */
export function oddsRatio(a: Float64Array, b: Float64Array): number {
  const cells = [0, 0, 0, 0];
  for (let i = 0; i < a.length; i++) cells[(a[i] ? 2 : 0) + (b[i] ? 1 : 0)]++;
  const e = cells.some((c) => c === 0) ? 0.5 : 0;
  return ((cells[3] + e) * (cells[0] + e)) / ((cells[2] + e) * (cells[1] + e));
}

function ranks(x: readonly number[]): Float64Array {
  const order = x.map((_, i) => i).sort((i, j) => x[i] - x[j]);
  const out = new Float64Array(x.length);
  for (let s = 0; s < order.length; ) {
    let e = s;
    while (e + 1 < order.length && x[order[e + 1]] === x[order[s]]) e++;
    for (let k = s; k <= e; k++) out[order[k]] = (s + e) / 2;
    s = e + 1;
  }
  return out;
}

export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] / n;
    my += y[i] / n;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rho over rows where both are present. */
export function spearman(a: Float64Array, b: Float64Array): number {
  const x: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < a.length; i++)
    if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) {
      x.push(a[i]);
      y.push(b[i]);
    }
  return pearson(ranks(x), ranks(y));
}

/** Cramér's V of two code columns (missing rows left out). */
export function cramersV(a: Float64Array, b: Float64Array): number {
  const la = Math.max(...a.filter((v) => !Number.isNaN(v))) + 1;
  const lb = Math.max(...b.filter((v) => !Number.isNaN(v))) + 1;
  const table = new Float64Array(la * lb);
  let n = 0;
  for (let i = 0; i < a.length; i++)
    if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) {
      table[a[i] * lb + b[i]]++;
      n++;
    }
  const ra = new Float64Array(la);
  const rb = new Float64Array(lb);
  for (let i = 0; i < la; i++)
    for (let j = 0; j < lb; j++) [ra[i], rb[j]] = [ra[i] + table[i * lb + j], rb[j] + table[i * lb + j]];
  let chi2 = 0;
  for (let i = 0; i < la; i++)
    for (let j = 0; j < lb; j++) {
      const e = (ra[i] * rb[j]) / n;
      if (e > 0) chi2 += (table[i * lb + j] - e) ** 2 / e;
    }
  return Math.sqrt(chi2 / n / Math.max(1, Math.min(la, lb) - 1));
}

/** Mean of y within each code of x. */
export function meansBy(codes: Float64Array, y: Float64Array, levels: number): number[] {
  const sum = new Float64Array(levels);
  const count = new Float64Array(levels);
  for (let i = 0; i < codes.length; i++)
    if (!Number.isNaN(codes[i]) && !Number.isNaN(y[i])) {
      sum[codes[i]] += y[i];
      count[codes[i]]++;
    }
  return Array.from(sum, (s, k) => s / count[k]);
}
