/**
 * The tables `npm run bench:privacy` measures: R survival's public tables (datasets/, written by
 * tools/reference/public-tables.R and survival.R) and the two simulated cohorts. Each table's schema
 * is what `inferSchema` proposes, then patched here with what a clinician would declare: the survival
 * endpoint and its event value, identifiers, nominal codes stored as numbers. The patch is explicit so
 * that the benchmark does not depend on how well inference finds endpoints on a given day.
 *
 * Each table carries the Cox model clinicians fit on it, with the source that model comes from.
 */

import { conformTable } from '../src/data/conform.js';
import { readCsvRaw } from '../src/data/csv/read.js';
import { inferSchema } from '../src/data/infer-schema.js';
import {
  type ColumnSpec,
  parseSchema,
  type Rule,
  type Schema,
  type SurvivalEndpoint,
} from '../src/data/schema.js';
import { Table } from '../src/data/table.js';
import { rowKeys } from '../src/generators/row-keys.js';
import { simulateAml, simulateScd } from '../src/simulate/index.js';
import type { CoxModel } from './privacy-cox.js';

export interface BenchTable {
  readonly name: string;
  /** Where the rows come from, for the report. */
  readonly source: string;
  readonly table: Table;
  readonly schema: Schema;
  readonly cox: CoxModel;
  /** Rows sharing this column's value are one patient: the holdout split keeps them together. */
  readonly patient?: string;
}

/** What the bench declares on top of the inferred schema. */
interface SchemaPatch {
  readonly endpoints: readonly SurvivalEndpoint[];
  readonly ids?: readonly string[];
  readonly centre?: string;
  /** Columns to model as categories, with their levels in the order R's factor would list them. */
  readonly categorical?: Readonly<Record<string, readonly string[]>>;
}

interface PublicTable {
  readonly name: string;
  readonly patch: SchemaPatch;
  readonly cox: CoxModel;
  readonly patient?: string;
}

const logOf = (column: string) => (t: Table) =>
  t.numbers(column).map((v) => (v > 0 ? Math.log(v) : Number.NaN));

const PUBLIC: readonly PublicTable[] = [
  {
    name: 'lung',
    patch: { endpoints: [{ name: 'survival', time: 'time', event: 'status', eventValue: '2' }] },
    // NCCTG advanced lung cancer (Loprinzi et al., J Clin Oncol 1994;12:601–7): performance status
    // was the main prognostic factor, with age and sex the usual adjustment (survival's own examples).
    cox: {
      endpoint: 'survival',
      terms: ['age', 'sex', 'ph.ecog'],
      formula: 'Surv(time, status == 2) ~ age + sex + ph.ecog',
    },
  },
  {
    name: 'pbc',
    patch: { endpoints: [{ name: 'survival', time: 'time', event: 'status', eventValue: '2' }], ids: ['id'] },
    // The Mayo PBC model (Dickson et al., Hepatology 1989;10:1–7): age, oedema and the logarithms of
    // bilirubin, albumin and prothrombin time. Status 1 (transplant) is censored, as in that model.
    cox: {
      endpoint: 'survival',
      terms: ['age', 'edema', 'log(bili)', 'log(albumin)', 'log(protime)'],
      derived: {
        'log(bili)': logOf('bili'),
        'log(albumin)': logOf('albumin'),
        'log(protime)': logOf('protime'),
      },
      formula: 'Surv(time, status == 2) ~ age + edema + log(bili) + log(albumin) + log(protime)',
    },
  },
  {
    name: 'veteran',
    patch: {
      endpoints: [{ name: 'survival', time: 'time', event: 'status', eventValue: '1' }],
      categorical: { celltype: ['squamous', 'smallcell', 'adeno', 'large'] },
    },
    // The VA lung cancer trial as analysed by Kalbfleisch & Prentice (1980, §5.2): treatment, cell
    // type and Karnofsky score (R's cox.zph example adds age, which has no effect there).
    cox: {
      endpoint: 'survival',
      terms: ['trt', 'celltype', 'karno'],
      formula: 'Surv(time, status) ~ trt + celltype + karno',
    },
  },
  {
    name: 'flchain',
    patch: { endpoints: [{ name: 'survival', time: 'futime', event: 'death', eventValue: '1' }] },
    // Dispenzieri et al. (Mayo Clin Proc 2012;87:517–23): the top decile of summed free light chains
    // (κ + λ ≥ 4.72 mg/dL, exactly flc.grp 10 in R's data) predicts death independently of age, sex and
    // renal insufficiency (creatinine). The threshold is applied to the synthetic κ and λ themselves.
    cox: {
      endpoint: 'survival',
      terms: ['age', 'sex', 'creatinine', 'flc_high'],
      derived: {
        flc_high: (t) => {
          const kappa = t.numbers('kappa');
          const lambda = t.numbers('lambda');
          return kappa.map((k, i) =>
            Number.isNaN(k + lambda[i]) ? Number.NaN : k + lambda[i] >= 4.72 ? 1 : 0,
          );
        },
      },
      formula: 'Surv(futime, death) ~ age + sex + creatinine + I(kappa + lambda >= 4.72)',
    },
  },
  {
    name: 'mgus2',
    patch: {
      endpoints: [
        { name: 'survival', time: 'futime', event: 'death', eventValue: '1' },
        { name: 'progression', time: 'ptime', event: 'pstat', eventValue: '1' },
      ],
      ids: ['id'],
    },
    // Death after MGUS (Kyle et al., N Engl J Med 2002;346:564–9): age, sex and the M-spike as in
    // survival's competing-risks vignette, with haemoglobin and creatinine (anaemia and renal
    // function, as in its splines vignette's hgb model).
    cox: {
      endpoint: 'survival',
      terms: ['age', 'sex', 'hgb', 'creat', 'mspike'],
      formula: 'Surv(futime, death) ~ age + sex + hgb + creat + mspike',
    },
  },
  {
    name: 'nwtco',
    patch: {
      endpoints: [{ name: 'relapse', time: 'edrel', event: 'rel', eventValue: '1' }],
      ids: ['seqno'],
      // Histology 1 = favourable, 2 = unfavourable; stages I–IV; two trials. Codes, not quantities.
      categorical: { instit: ['1', '2'], histol: ['1', '2'], stage: ['1', '2', '3', '4'], study: ['3', '4'] },
    },
    // Breslow & Chatterjee (Appl Stat 1999;48:457–68), as in survival's cch example: relapse by
    // central histology, stage (a factor) and age (months here, years there: the same test).
    cox: {
      endpoint: 'relapse',
      terms: ['histol', 'stage', 'age'],
      formula: 'Surv(edrel, rel) ~ histol + factor(stage) + age',
    },
  },
  {
    name: 'cgd',
    patch: {
      endpoints: [{ name: 'infection', time: 'tstop', event: 'status', eventValue: '1' }],
      ids: ['id'],
      centre: 'center',
      categorical: { treat: ['placebo', 'rIFN-g'], inherit: ['X-linked', 'autosomal'] },
    },
    // Time to the first serious infection, the trial's primary endpoint (ICGDSG, N Engl J Med
    // 1991;324:509–16), by treatment adjusted for inheritance pattern and age (Fleming & Harrington
    // 1991, App. D.2). Steroids are left out: 3 of 128 patients took them, ≈ 2 in a training split,
    // too few for a coefficient to be estimated, let alone compared.
    cox: {
      endpoint: 'infection',
      terms: ['treat', 'inherit', 'age'],
      formula: 'Surv(tstop, status) ~ treat + inherit + age',
    },
  },
  {
    name: 'retinopathy',
    patch: {
      endpoints: [{ name: 'vision', time: 'futime', event: 'status', eventValue: '1' }],
      ids: ['id'],
      categorical: { type: ['juvenile', 'adult'] },
    },
    // Huster, Brookmeyer & Self (Biometrics 1989;45:145–56) and R's example: treated eye and diabetes
    // type, with the eye's risk score. R adds cluster(id) for the two eyes of a patient; our coxph has
    // no robust variance, and the model-based SE is conservative for the within-patient trt effect.
    cox: {
      endpoint: 'vision',
      terms: ['trt', 'type', 'risk'],
      formula: 'Surv(futime, status) ~ trt + type + risk',
    },
    patient: 'id',
  },
];

export function publicTables(): BenchTable[] {
  return PUBLIC.map((spec) => {
    const path = `datasets/${spec.name}.csv`;
    const raw = readCsvRaw(path);
    const schema = patchSchema(inferSchema(raw).schema, spec.patch);
    return { ...spec, source: path, table: conformTable(raw, schema), schema };
  });
}

/**
 * The simulated AML cohort of datasets/aml-simulated.csv (tools/reference/aml-simulated.sh: 2,500
 * patients, 5 centres, seed 1) with the two genetic columns the file leaves out and the Cox
 * model needs: complex karyotype and NPM1, taken from the same simulation after checking that its
 * rows are the file's.
 */
export function amlTable(): BenchTable {
  const path = 'datasets/aml-simulated.csv';
  const raw = readCsvRaw(path);
  const inferred = patchSchema(inferSchema(raw).schema, {
    endpoints: [
      { name: 'os', time: 'os_days', event: 'os_status', eventValue: '1' },
      { name: 'rfs', time: 'rfs_days', event: 'rfs_status', eventValue: '1' },
    ],
    categorical: { eln2022: ['favourable', 'intermediate', 'adverse'] },
  });
  const file = conformTable(raw, inferred);
  const simulated = simulateAml({ patients: 2500, centres: 5, seed: 1 });
  const same = rowKeys(simulated.table, file.names).join('\n') === rowKeys(file, file.names).join('\n');
  if (!same) throw new Error(`${path} is no longer what simulateAml(2500 patients, 5 centres, seed 1) gives`);
  const added = ['cyto_complex', 'npm1'];
  const addedSpecs = simulated.schema.columns.filter((c) => added.includes(c.name));
  const at = inferred.columns.findIndex((c) => c.name === 'flt3_itd') + 1;
  const schema = parseSchema({
    ...inferred,
    columns: [...inferred.columns.slice(0, at), ...addedSpecs, ...inferred.columns.slice(at)],
  });
  const table = new Table(
    schema.columns.map((c) => [
      c.name,
      added.includes(c.name) ? simulated.table.column(c.name) : file.column(c.name),
    ]),
  );
  return {
    name: 'aml (simulated)',
    source: `${path} + cyto_complex, npm1 from the same simulation`,
    table,
    schema,
    // The adjusted model of the issue (item 4): the rare flags (TP53 6 %, complex karyotype) beside
    // the common ones and the ELN 2022 group; APL (no ELN group) drops out as a missing term.
    cox: {
      endpoint: 'os',
      terms: ['age', 'tp53', 'cyto_complex', 'flt3_itd', 'npm1', 'eln2022'],
      formula: 'Surv(os_days, os_status) ~ age + tp53 + cyto_complex + flt3_itd + npm1 + eln2022',
    },
  };
}

/** The simulated sickle cell disease cohort with the simulator's own schema. */
export function scdTable(): BenchTable {
  const { table, schema } = simulateScd({ patients: 2000, centres: 5, seed: 1 });
  return {
    name: 'scd (simulated)',
    source: 'simulateScd: 2,000 patients, 5 centres, seed 1',
    table,
    schema,
    // The simulator's true hazard (src/simulate/scd/targets.ts, after Platt et al., N Engl J Med
    // 1994;330:1639–44): Gompertz in age, with a sex effect and one genotype effect, sickle cell
    // anaemia (HbSS, HbSβ⁰) against the milder compound genotypes (HbSC, HbSβ⁺), the grouping
    // clinicians use. Genotype as a four-level factor cannot be fitted: the 2 % HbSβ⁰ patients of a
    // training split often have no death at all (separation).
    cox: {
      endpoint: 'survival',
      terms: ['age', 'sex', 'anaemia_genotype'],
      derived: {
        anaemia_genotype: (t) => {
          const { codes, levels } = t.codes('genotype');
          return Float64Array.from(codes, (c) =>
            c < 0 ? Number.NaN : ['HbSS', 'HbSb0'].includes(levels[c]) ? 1 : 0,
          );
        },
      },
      formula: "Surv(fu_days, death) ~ age + sex + I(genotype %in% c('HbSS', 'HbSb0'))",
    },
  };
}

/** The inferred schema with the bench's declarations applied; rules on re-typed columns are dropped. */
function patchSchema(inferred: Schema, patch: SchemaPatch): Schema {
  const categorical = patch.categorical ?? {};
  const retyped = new Set([...Object.keys(categorical), ...(patch.centre ? [patch.centre] : [])]);
  const roles = new Map<string, ColumnSpec['role']>([
    ...(patch.ids ?? []).map((name): [string, ColumnSpec['role']] => [name, 'id']),
    ...(patch.centre ? [[patch.centre, 'centre'] as [string, ColumnSpec['role']]] : []),
    ...patch.endpoints.flatMap(
      (e): Array<[string, ColumnSpec['role']]> => [
        [e.time, 'time'],
        [e.event, 'event'],
      ],
    ),
  ]);
  const columns = inferred.columns.map((column): ColumnSpec => {
    let spec: ColumnSpec = { ...column, role: roles.get(column.name) ?? column.role };
    if (retyped.has(column.name)) {
      const { min: _min, max: _max, decimals: _decimals, categories: _categories, ...rest } = spec;
      const levels = categorical[column.name];
      spec = { ...rest, kind: 'categorical', ...(levels ? { categories: [...levels] } : {}) };
    }
    if (spec.role === 'id') {
      const { categories: _categories, ...rest } = spec;
      spec = rest;
    }
    return spec;
  });
  const rules = inferred.rules.filter((rule) => ruleColumns(rule).every((name) => !retyped.has(name)));
  return parseSchema({ ...inferred, columns, endpoints: patch.endpoints, rules });
}

function ruleColumns(rule: Rule): string[] {
  if (rule.type === 'compare')
    return [
      rule.left,
      ...(typeof rule.right === 'string' ? [rule.right] : []),
      ...(rule.when ?? []).map((c) => c.column),
    ];
  if (rule.type === 'implies') return [...rule.if.map((c) => c.column), rule.then.column];
  return [rule.column];
}
