/**
 * The tables `npm run bench:dp` measures, with schemas a private generator may use: every bound and
 * category declared as public knowledge, never read from the rows. A private generator bins a number
 * between its declared bounds (src/generators/measure/domain.ts), so a bound taken from the data's
 * min or max would leak the most extreme patient; the bounds below come from each variable's scale
 * (Karnofsky 0–100, ECOG 0–4), its R documentation (survival package, ?lung, ?pbc, ?veteran,
 * ?flchain, ?mgus2) and the study's design (enrolment ages, follow-up windows), rounded outwards.
 * The kinds start from `inferSchema` (it reads the data, but only to say which column is a number,
 * which a data dictionary says as well); every column's kind, bounds and levels are then restated
 * here, and inferred rules are dropped and replaced by the documented ones.
 *
 * The simulated AML cohort comes with its simulator's declared schema (src/simulate/aml/schema.ts).
 */
import { conformTable } from '../src/data/conform.js';
import { readCsvRaw } from '../src/data/csv/read.js';
import { inferSchema } from '../src/data/infer-schema.js';
import { type ColumnSpec, parseSchema, type Rule, type SurvivalEndpoint } from '../src/data/schema.js';
import { simulate } from '../src/simulate/index.js';
import type { CoxModel } from './privacy-cox.js';
import { HOLDOUT_SHARE } from './privacy-measure.js';
import type { BenchTable } from './privacy-tables.js';

/** A column restated: a number between bounds, or categories (codes as the file writes them). */
type Declared =
  | { readonly kind: 'numeric' | 'integer'; readonly min: number; readonly max: number }
  | { readonly kind: 'categorical'; readonly categories: readonly string[] }
  | { readonly role: 'id' };

interface DeclaredTable {
  readonly name: string;
  readonly columns: Readonly<Record<string, Declared>>;
  readonly endpoints: readonly SurvivalEndpoint[];
  readonly rules?: readonly Rule[];
  /** Needed by the shared holdout split (bench/privacy-measure.ts), which fits it on training rows. */
  readonly cox: CoxModel;
}

const codes = (...values: Array<string | number>) => values.map(String);
const number = (min: number, max: number): Declared => ({ kind: 'numeric', min, max });
const integer = (min: number, max: number): Declared => ({ kind: 'integer', min, max });
const binary = { kind: 'categorical', categories: codes(0, 1) } as const;

const DECLARED: readonly DeclaredTable[] = [
  {
    // NCCTG advanced lung cancer (Loprinzi et al. 1994): adults; survival in days within a few years.
    name: 'lung',
    columns: {
      inst: integer(1, 33), // institution codes of the NCCTG sites
      time: integer(0, 1100),
      status: { kind: 'categorical', categories: codes(1, 2) }, // 1 censored, 2 dead
      age: integer(18, 90),
      sex: { kind: 'categorical', categories: codes(1, 2) }, // 1 male, 2 female
      'ph.ecog': { kind: 'categorical', categories: codes(0, 1, 2, 3, 4) }, // ECOG 0–4 (5 = dead)
      'ph.karno': integer(0, 100), // Karnofsky scale
      'pat.karno': integer(0, 100),
      'meal.cal': integer(0, 5000), // calories consumed at meals
      'wt.loss': integer(-50, 100), // pounds lost in the last six months; a gain is negative
    },
    endpoints: [{ name: 'survival', time: 'time', event: 'status', eventValue: '2' }],
    cox: { endpoint: 'survival', terms: ['age', 'sex'], formula: 'Surv(time, status == 2) ~ age + sex' },
  },
  {
    // Mayo PBC trial (Dickson et al. 1989): enrolled 1974–84, followed to July 1986 (≤ 12.5 years).
    name: 'pbc',
    columns: {
      id: { role: 'id' },
      time: integer(0, 4800),
      status: { kind: 'categorical', categories: codes(0, 1, 2) }, // censored, transplant, dead
      trt: { kind: 'categorical', categories: codes(1, 2) }, // D-penicillamine, placebo
      age: number(20, 90),
      sex: { kind: 'categorical', categories: ['f', 'm'] },
      ascites: binary,
      hepato: binary,
      spiders: binary,
      edema: { kind: 'categorical', categories: codes(0, 0.5, 1) }, // none, untreated/resolved, despite diuretics
      bili: number(0, 50), // serum bilirubin, mg/dl
      chol: integer(0, 2000), // mg/dl
      albumin: number(1, 6), // g/dl
      copper: integer(0, 800), // urine copper, µg/day
      'alk.phos': number(0, 15000), // U/l
      ast: number(0, 500), // U/ml
      trig: integer(0, 700), // mg/dl
      platelet: integer(0, 1000), // 10⁹/l
      protime: number(8, 20), // seconds
      stage: { kind: 'categorical', categories: codes(1, 2, 3, 4) }, // histologic stage
    },
    endpoints: [{ name: 'survival', time: 'time', event: 'status', eventValue: '2' }],
    cox: { endpoint: 'survival', terms: ['age', 'bili'], formula: 'Surv(time, status == 2) ~ age + bili' },
  },
  {
    // Veterans' Administration lung cancer trial (Kalbfleisch & Prentice 1980): days, under 3 years.
    name: 'veteran',
    columns: {
      trt: { kind: 'categorical', categories: codes(1, 2) }, // standard, test
      celltype: { kind: 'categorical', categories: ['squamous', 'smallcell', 'adeno', 'large'] },
      time: integer(0, 1000),
      status: binary,
      karno: integer(0, 100),
      diagtime: integer(0, 100), // months from diagnosis to randomisation
      age: integer(18, 90),
      prior: { kind: 'categorical', categories: codes(0, 10) }, // prior therapy: 0 no, 10 yes
    },
    endpoints: [{ name: 'survival', time: 'time', event: 'status', eventValue: '1' }],
    cox: { endpoint: 'survival', terms: ['trt', 'karno'], formula: 'Surv(time, status) ~ trt + karno' },
  },
  {
    // Olmsted County residents aged ≥ 50 sampled 1995–2003 (Dispenzieri et al. 2012), followed to 2009.
    name: 'flchain',
    columns: {
      age: integer(50, 105),
      sex: { kind: 'categorical', categories: ['F', 'M'] },
      'sample.yr': integer(1995, 2003),
      kappa: number(0, 50), // serum free light chain, mg/dl
      lambda: number(0, 50),
      'flc.grp': { kind: 'categorical', categories: codes(1, 2, 3, 4, 5, 6, 7, 8, 9, 10) }, // decile group
      creatinine: number(0, 15), // mg/dl
      mgus: binary,
      futime: integer(0, 5500),
      death: binary,
      // ICD-9 chapters of the primary cause of death, as R's documentation lists them.
      chapter: {
        kind: 'categorical',
        categories: [
          'Blood',
          'Circulatory',
          'Congenital',
          'Digestive',
          'Endocrine',
          'External Causes',
          'Genitourinary',
          'Ill Defined',
          'Infectious',
          'Injury and Poisoning',
          'Mental',
          'Musculoskeletal',
          'Neoplasms',
          'Nervous',
          'Respiratory',
          'Skin',
        ],
      },
    },
    endpoints: [{ name: 'survival', time: 'futime', event: 'death', eventValue: '1' }],
    // A cause of death exists exactly for those who died (R's ?flchain).
    rules: [
      { type: 'implies', if: [{ column: 'death', equals: '0' }], then: { column: 'chapter', missing: true } },
      {
        type: 'implies',
        if: [{ column: 'death', equals: '1' }],
        then: { column: 'chapter', missing: false },
      },
    ],
    cox: { endpoint: 'survival', terms: ['age', 'sex'], formula: 'Surv(futime, death) ~ age + sex' },
  },
  {
    // MGUS at Mayo, diagnosed 1956–94 (Kyle et al. 2002); times in months, at most ~35 years.
    name: 'mgus2',
    columns: {
      id: { role: 'id' },
      age: integer(20, 100),
      sex: { kind: 'categorical', categories: ['F', 'M'] },
      dxyr: integer(1955, 1995),
      hgb: number(5, 20), // haemoglobin, g/dl
      creat: number(0, 25), // creatinine, mg/dl
      mspike: number(0, 3.5), // M-protein, g/dl; MGUS is by definition below 3
      ptime: integer(0, 450),
      pstat: binary,
      futime: integer(0, 450),
      death: binary,
    },
    endpoints: [
      { name: 'survival', time: 'futime', event: 'death', eventValue: '1' },
      { name: 'progression', time: 'ptime', event: 'pstat', eventValue: '1' },
    ],
    // Progression is observed within follow-up: ptime is the last visit when there was none.
    rules: [{ type: 'compare', left: 'ptime', op: '<=', right: 'futime' }],
    cox: { endpoint: 'survival', terms: ['age', 'sex'], formula: 'Surv(futime, death) ~ age + sex' },
  },
];

export const DP_TABLE_NAMES = ['aml (simulated)', ...DECLARED.map((t) => t.name)];

/** One table by name, read and conformed to its declared schema. */
export function dpTable(name: string): BenchTable {
  if (name === 'aml (simulated)') return amlCohort();
  const spec = DECLARED.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown table ${name}; known: ${DP_TABLE_NAMES.join(', ')}`);
  const path = `datasets/${spec.name}.csv`;
  const raw = readCsvRaw(path);
  const inferred = inferSchema(raw).schema;
  const missing = inferred.columns.filter((c) => !spec.columns[c.name]).map((c) => c.name);
  if (missing.length > 0) throw new Error(`${path}: no declaration for ${missing.join(', ')}`);
  const timeOrEvent = new Map(
    spec.endpoints.flatMap((e) => [
      [e.time, 'time'],
      [e.event, 'event'],
    ]),
  );
  const columns = inferred.columns.map((column): ColumnSpec => {
    const declared = spec.columns[column.name];
    const base = { name: column.name, nullable: column.nullable };
    if ('role' in declared) return { ...base, kind: column.kind, role: 'id' } as ColumnSpec;
    const role = (timeOrEvent.get(column.name) ?? 'feature') as ColumnSpec['role'];
    if ('categories' in declared)
      return { ...base, role, kind: 'categorical', categories: [...declared.categories] };
    return { ...base, role, ...declared };
  });
  const schema = parseSchema({ ...inferred, columns, endpoints: spec.endpoints, rules: spec.rules ?? [] });
  return { name: spec.name, source: path, table: conformTable(raw, schema), schema, cox: spec.cox };
}

/**
 * The simulated AML cohort, 2,500 × 67 for training after the shared 70/30 split: 3,572 patients
 * (1,072 held out), 5 centres, seed 1, with the simulator's declared schema.
 */
function amlCohort(): BenchTable {
  const patients = Math.ceil(2500 / (1 - HOLDOUT_SHARE));
  const { table, schema } = simulate('aml', { patients, centres: 5, seed: 1 });
  return {
    name: 'aml (simulated)',
    source: `simulate('aml'): ${patients} patients, 5 centres, seed 1; its declared schema`,
    table,
    schema,
    cox: {
      endpoint: 'os',
      terms: ['age', 'tp53', 'flt3_itd', 'npm1'],
      formula: 'Surv(os_days, os_status) ~ age + tp53 + flt3_itd + npm1',
    },
  };
}
