/**
 * The schema of the simulated AML cohort: columns, the OS and RFS endpoints, and the rules every
 * row obeys (times ordered, relapse only after CR, ELN 2022 derived from the genetics, a normal
 * karyotype excludes every listed abnormality, primary rearrangements exclude each other).
 */
import { type ColumnSpec, parseSchema, type Rule, type Schema } from '../../data/schema.js';
import { ELN2022_DERIVATION, ELN2022_LEVELS } from '../../domain/aml/eln2022.js';
import { AML_RESPONSES } from './outcomes.js';
import { AML_CYTOGENETICS, AML_GENES, AML_PRIMARY_TARGETS } from './targets.js';

const BOOL = ['0', '1'];

/** Eleven years: the longest follow-up the simulator gives (administrative censoring). */
const MAX_FOLLOW_UP_DAYS = 4018;

const CYTO_LABELS: Record<string, string> = {
  cyto_normal: 'normal karyotype',
  cyto_complex: 'complex karyotype (≥3 unrelated abnormalities)',
  cyto_t15_17: 't(15;17) PML::RARA (APL)',
  cyto_t8_21: 't(8;21) RUNX1::RUNX1T1',
  cyto_inv16: 'inv(16)/t(16;16) CBFB::MYH11',
  cyto_t9_11: 't(9;11) KMT2A::MLLT3',
  cyto_kmt2a_other: 'KMT2A rearrangement other than t(9;11)',
  cyto_t6_9: 't(6;9) DEK::NUP214',
  cyto_inv3: 'inv(3)/t(3;3) GATA2, MECOM',
  cyto_t9_22: 't(9;22) BCR::ABL1',
  cyto_del5q: '-5 or del(5q)',
  cyto_minus7: '-7',
  cyto_del17p: '-17 or abn(17p)',
  cyto_plus8: '+8',
};

function flag(name: string, role: 'feature' | 'mutation', description: string): ColumnSpec {
  return { name, kind: 'boolean', role, categories: BOOL, nullable: false, description };
}

function columns(centres: string[]): ColumnSpec[] {
  const days = (name: string, description: string, nullable: boolean): ColumnSpec => ({
    name,
    kind: 'integer',
    role: 'time',
    unit: 'days',
    min: 0,
    // The study's design is public: accrual up to ten years, then a year's follow-up at least.
    max: MAX_FOLLOW_UP_DAYS,
    nullable,
    description,
  });
  return [
    { name: 'patient_id', kind: 'categorical', role: 'id', nullable: false },
    { name: 'centre', kind: 'categorical', role: 'centre', categories: centres, nullable: false },
    { name: 'age', kind: 'integer', unit: 'years', min: 18, max: 100, nullable: false, role: 'feature' },
    { name: 'sex', kind: 'categorical', categories: ['female', 'male'], nullable: false, role: 'feature' },
    { name: 'ecog', kind: 'integer', min: 0, max: 4, role: 'feature', nullable: true },
    {
      name: 'wbc',
      kind: 'numeric',
      unit: '10^9/L',
      min: 0,
      max: 500,
      decimals: 1,
      role: 'feature',
      nullable: false,
    },
    {
      name: 'hb',
      kind: 'numeric',
      unit: 'g/dL',
      min: 3,
      max: 20,
      decimals: 1,
      role: 'feature',
      nullable: false,
    },
    {
      name: 'platelets',
      kind: 'numeric',
      unit: '10^9/L',
      min: 0,
      max: 2000,
      decimals: 0,
      role: 'feature',
      nullable: false,
    },
    {
      name: 'ldh',
      kind: 'numeric',
      unit: 'U/L',
      min: 0,
      max: 20000,
      decimals: 0,
      role: 'feature',
      nullable: true,
    },
    {
      name: 'bm_blasts',
      kind: 'numeric',
      unit: '%',
      min: 0,
      max: 100,
      decimals: 0,
      role: 'feature',
      nullable: true,
    },
    {
      name: 'pb_blasts',
      kind: 'numeric',
      unit: '%',
      min: 0,
      max: 100,
      decimals: 0,
      role: 'feature',
      nullable: true,
    },
    ...AML_CYTOGENETICS.map((name) => flag(name, 'feature', CYTO_LABELS[name])),
    ...AML_GENES.map((gene) =>
      flag(gene, 'mutation', gene === 'cebpa_bi' ? 'biallelic CEBPA' : `${gene.toUpperCase()} mutated`),
    ),
    {
      name: 'eln2022',
      kind: 'categorical',
      categories: [...ELN2022_LEVELS],
      role: 'feature',
      nullable: true,
      description: 'ELN 2022 genetic risk (missing for APL, which ELN 2022 does not classify)',
    },
    {
      name: 'treatment',
      kind: 'categorical',
      categories: ['intensive', 'non_intensive'],
      nullable: false,
      role: 'feature',
    },
    flag('hsct', 'feature', 'allogeneic stem cell transplant during follow-up'),
    {
      name: 'response',
      kind: 'categorical',
      categories: [...AML_RESPONSES],
      nullable: false,
      role: 'target',
    },
    days('cr_days', 'days from diagnosis to complete remission (CR only)', true),
    flag('relapse', 'feature', 'relapse after CR'),
    days('relapse_days', 'days from diagnosis to relapse (relapse only)', true),
    days('os_days', 'days from diagnosis to death or last follow-up', false),
    { name: 'os_status', kind: 'boolean', categories: BOOL, role: 'event', nullable: false },
    days('rfs_days', 'days from diagnosis to relapse, death or last follow-up (CR only)', true),
    { name: 'rfs_status', kind: 'boolean', categories: BOOL, role: 'event', nullable: true },
  ];
}

function rules(): Rule[] {
  const missing = (column: string, value: boolean) => ({ column, missing: value });
  const notCr = { column: 'response', in: ['PR', 'resistant', 'early_death'] };
  return [
    { type: 'derived', column: 'eln2022', derivation: ELN2022_DERIVATION },
    // Relapse-free survival of a relapsed patient ends at the relapse: his relapse time is his RFS time.
    { type: 'derived', column: 'relapse_days', from: 'rfs_days', when: [{ column: 'relapse', equals: '1' }] },
    { type: 'compare', left: 'rfs_days', op: '<=', right: 'os_days' },
    { type: 'compare', left: 'relapse_days', op: '<=', right: 'os_days' },
    { type: 'compare', left: 'cr_days', op: '<', right: 'os_days' },
    { type: 'compare', left: 'cr_days', op: '<', right: 'relapse_days' },
    // Relapse-free survival starts its clock at diagnosis and ends at relapse or death, both after CR.
    { type: 'compare', left: 'cr_days', op: '<', right: 'rfs_days' },
    {
      type: 'compare',
      left: 'os_days',
      op: '<=',
      right: 42,
      when: [{ column: 'response', equals: 'early_death' }],
    },
    {
      type: 'implies',
      if: [{ column: 'response', equals: 'early_death' }],
      then: { column: 'os_status', equals: '1' },
    },
    { type: 'implies', if: [{ column: 'relapse', equals: '1' }], then: { column: 'response', equals: 'CR' } },
    { type: 'implies', if: [{ column: 'relapse', equals: '1' }], then: missing('relapse_days', false) },
    { type: 'implies', if: [{ column: 'relapse', equals: '0' }], then: missing('relapse_days', true) },
    { type: 'implies', if: [{ column: 'response', equals: 'CR' }], then: missing('cr_days', false) },
    { type: 'implies', if: [{ column: 'response', equals: 'CR' }], then: missing('rfs_days', false) },
    { type: 'implies', if: [notCr], then: missing('cr_days', true) },
    { type: 'implies', if: [notCr], then: missing('rfs_days', true) },
    { type: 'implies', if: [notCr], then: missing('rfs_status', true) },
    { type: 'implies', if: [{ column: 'cebpa_bi', equals: '1' }], then: { column: 'cebpa', equals: '1' } },
    // Relapse-free survival ends at relapse or death: a relapse is an RFS event, and an RFS
    // censored patient is alive.
    {
      type: 'implies',
      if: [{ column: 'relapse', equals: '1' }],
      then: { column: 'rfs_status', equals: '1' },
    },
    {
      type: 'implies',
      if: [{ column: 'rfs_status', equals: '0' }],
      then: { column: 'os_status', equals: '0' },
    },
    // Allogeneic transplant follows intensive induction only (a non-intensively treated patient is
    // unfit for it): a clinical rule of this cohort, declared so that every generator keeps it —
    // a private one cannot learn it from the data without spending budget on it.
    {
      type: 'implies',
      if: [{ column: 'treatment', equals: 'non_intensive' }],
      then: { column: 'hsct', equals: '0' },
    },
    // No transplant after an early death: death within 42 days of diagnosis comes before any
    // transplant could (in remission, or as salvage after two to three months). After relapse → CR,
    // which a generator building one rule per column into its model takes first.
    {
      type: 'implies',
      if: [{ column: 'hsct', equals: '1' }],
      then: { column: 'response', in: ['CR', 'PR', 'resistant'] },
    },
    ...AML_CYTOGENETICS.filter((name) => name !== 'cyto_normal').map(
      (name): Rule => ({
        type: 'implies',
        if: [{ column: 'cyto_normal', equals: '1' }],
        then: { column: name, equals: '0' },
      }),
    ),
    // After the rules above: a generator that builds one rule per column into its model takes the
    // first, and a normal karyotype decides every flag.
    ...primaryExclusivity(),
  ];
}

/**
 * The recurrent balanced rearrangements are mutually exclusive primary events (AMLSG; WHO/ICC
 * class-defining): a patient with t(8;21) has no KMT2A rearrangement. One rule per pair.
 */
function primaryExclusivity(): Rule[] {
  const primaries = Object.keys(AML_PRIMARY_TARGETS);
  return primaries.flatMap((a, i) =>
    primaries.slice(i + 1).map(
      (b): Rule => ({
        type: 'implies',
        if: [{ column: a, equals: '1' }],
        then: { column: b, equals: '0' },
      }),
    ),
  );
}

/** The schema of a cohort from the given centres (their names are public: the consortium's members). */
export function amlSchema(centres: readonly string[]): Schema {
  return parseSchema({
    version: 1,
    name: 'synthcohort simulated AML cohort',
    columns: columns([...centres]),
    endpoints: [
      { name: 'os', time: 'os_days', event: 'os_status', eventValue: '1' },
      { name: 'rfs', time: 'rfs_days', event: 'rfs_status', eventValue: '1' },
    ],
    rules: rules(),
  });
}
