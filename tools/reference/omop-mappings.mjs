// Writes the shipped OMOP mappings (src/interop/omop/mappings/aml.json, scd.json) from one list of
// concepts, so that every concept a mapping uses is listed once with its vocabulary, code and name.
// Run: node tools/reference/omop-mappings.mjs
// `verified` says where each standard id was checked (OHDSI DataQualityDashboard's
// OMOP_CDMv5.4_Concept_Level.csv lists measurement concepts with their names and units; other ids were
// found in public ETL code beside their name); `unverified` ids are from memory and need an Athena
// check before real use; `local` ids are in the CDM's site-local range (> 2,000,000,000) for facts with
// no standard concept we could check (karyotype lesions, gene mutation flags, response categories).
import { writeFileSync } from 'node:fs';

const DQD = 'OHDSI DataQualityDashboard OMOP_CDMv5.4_Concept_Level.csv';
const ETL = 'public OHDSI ETL code, beside this name';
const std = (
  concept_id,
  concept_name,
  domain_id,
  vocabulary_id,
  concept_class_id,
  concept_code,
  verified,
) => ({
  concept_id,
  concept_name,
  domain_id,
  vocabulary_id,
  concept_class_id,
  standard_concept: 'S',
  concept_code,
  verified,
});
let nextLocal = 2_000_000_001;
const local = (concept_name, domain_id, concept_code) => ({
  concept_id: nextLocal++,
  concept_name,
  domain_id,
  vocabulary_id: 'synthcohort',
  concept_class_id: 'Local',
  standard_concept: null,
  concept_code,
  verified: 'local',
});

const C = {
  male: std(8507, 'MALE', 'Gender', 'Gender', 'Gender', 'M', ETL),
  female: std(8532, 'FEMALE', 'Gender', 'Gender', 'Gender', 'F', ETL),
  ehr: std(32817, 'EHR', 'Type Concept', 'Type Concept', 'Type Concept', 'OMOP4976890', ETL),
  positive: std(9191, 'Positive', 'Meas Value', 'SNOMED', 'Qualifier Value', '10828004', ETL),
  negative: std(9189, 'Negative', 'Meas Value', 'SNOMED', 'Qualifier Value', '260385009', 'unverified'),
  gdl: std(8713, 'gram per deciliter', 'Unit', 'UCUM', 'Unit', 'g/dL', DQD),
  gl: std(8636, 'gram per liter', 'Unit', 'UCUM', 'Unit', 'g/L', DQD),
  e9l: std(9444, 'billion per liter', 'Unit', 'UCUM', 'Unit', '10*9/L', `${DQD}; name from ${ETL}`),
  ul: std(8645, 'unit per liter', 'Unit', 'UCUM', 'Unit', 'U/L', DQD),
  pct: std(8554, 'percent', 'Unit', 'UCUM', 'Unit', '%', DQD),
  hb: std(3000963, 'Hemoglobin [Mass/volume] in Blood', 'Measurement', 'LOINC', 'Lab Test', '718-7', DQD),
  wbc: std(
    3000905,
    'Leukocytes [#/volume] in Blood by Automated count',
    'Measurement',
    'LOINC',
    'Lab Test',
    '6690-2',
    DQD,
  ),
  plt: std(
    3024929,
    'Platelets [#/volume] in Blood by Automated count',
    'Measurement',
    'LOINC',
    'Lab Test',
    '777-3',
    DQD,
  ),
  ldh: std(
    3016436,
    'Lactate dehydrogenase [Enzymatic activity/volume] in Serum or Plasma',
    'Measurement',
    'LOINC',
    'Lab Test',
    '2532-0',
    'unverified',
  ),
  ecog: std(
    36305384,
    'ECOG Performance Status score',
    'Measurement',
    'LOINC',
    'Clinical Observation',
    '89247-1',
    ETL,
  ),
  aml: std(
    140352,
    'Acute myeloid leukemia, disease',
    'Condition',
    'SNOMED',
    'Clinical Finding',
    '91861009',
    ETL,
  ),
  firstOccurrence: std(
    32528,
    'Disease First Occurrence',
    'Episode',
    'Episode',
    'Disease Episode',
    'OMOP4995185',
    ETL,
  ),
  recurrence: std(32529, 'Disease Recurrence', 'Episode', 'Episode', 'Disease Episode', 'OMOP4995186', ETL),
  remission: std(
    32530,
    'Disease Remission',
    'Episode',
    'Episode',
    'Disease Episode',
    'OMOP4995187',
    'unverified',
  ),
  conditionField: std(
    1147127,
    'condition_occurrence.condition_occurrence_id',
    'Metadata',
    'CDM',
    'Field',
    'CDM1147127',
    ETL,
  ),
};

const bm = local('Blasts/100 leukocytes in Bone marrow (LOINC 11150-0)', 'Measurement', 'bm_blasts');
const pb = local('Blasts/100 leukocytes in Blood (LOINC 709-1)', 'Measurement', 'pb_blasts');
const cytarabine = local(
  'Intensive induction chemotherapy (cytarabine + anthracycline, 7+3)',
  'Drug',
  'intensive',
);
const lowIntensity = local(
  'Non-intensive therapy (hypomethylating agent or low-dose cytarabine)',
  'Drug',
  'non_intensive',
);
const hsct = local('Allogeneic haematopoietic stem cell transplant', 'Procedure', 'hsct');
const eln = local('ELN 2022 genetic risk category', 'Observation', 'eln2022');
const elnLevels = Object.fromEntries(
  ['favourable', 'intermediate', 'adverse'].map((l) => [
    l,
    local(`ELN 2022 ${l}`, 'Meas Value', `eln2022_${l}`),
  ]),
);
const response = local('Response to induction therapy', 'Observation', 'response');
const responseLevels = Object.fromEntries(
  ['CR', 'PR', 'resistant', 'early_death'].map((l) => [
    l,
    local(`Induction response: ${l}`, 'Meas Value', `response_${l}`),
  ]),
);

const CYTO = {
  cyto_normal: 'Normal karyotype',
  cyto_complex: 'Complex karyotype (>=3 unrelated abnormalities)',
  cyto_t15_17: 't(15;17) PML::RARA',
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
const GENES = [
  'npm1',
  'flt3_itd',
  'dnmt3a',
  'nras',
  'idh2',
  'tet2',
  'cebpa',
  'cebpa_bi',
  'runx1',
  'flt3_tkd',
  'ptpn11',
  'idh1',
  'tp53',
  'srsf2',
  'kmt2a_ptd',
  'wt1',
  'kras',
  'asxl1',
  'stag2',
  'kit',
  'ezh2',
  'rad21',
  'sf3b1',
  'bcor',
  'u2af1',
  'nf1',
  'phf6',
  'gata2',
  'cbl',
  'etv6',
  'zrsr2',
];
const geneName = (g) =>
  g === 'cebpa_bi'
    ? 'CEBPA biallelic mutation'
    : g === 'flt3_itd'
      ? 'FLT3 internal tandem duplication'
      : g === 'flt3_tkd'
        ? 'FLT3 tyrosine kinase domain mutation'
        : g === 'kmt2a_ptd'
          ? 'KMT2A partial tandem duplication'
          : `${g.toUpperCase()} gene mutation`;
const cyto = Object.fromEntries(
  Object.entries(CYTO).map(([k, name]) => [k, local(`Karyotype: ${name}`, 'Measurement', k)]),
);
const genes = Object.fromEntries(GENES.map((g) => [g, local(`${geneName(g)} status`, 'Measurement', g)]));

const yesNo = { yes: C.positive.concept_id, no: C.negative.concept_id };
const flag = (column, concept) => ({
  kind: 'flag',
  column,
  table: 'measurement',
  concept: concept.concept_id,
  values: yesNo,
});

const aml = {
  version: 1,
  name: 'aml',
  cohort: 'aml',
  id: { column: 'patient_id', prefix: 'SYN-AML-' },
  index: { table: 'condition_occurrence', concept: C.aml.concept_id },
  indexDates: ['2010-01-01', '2019-12-31'],
  observationStart: 0,
  person: {
    age: { column: 'age' },
    sex: { column: 'sex', levels: { female: C.female.concept_id, male: C.male.concept_id } },
    centre: 'centre',
  },
  survival: { time: 'os_days', status: 'os_status' },
  relapseFree: {
    time: 'rfs_days',
    status: 'rfs_status',
    relapse: 'relapse_days',
    when: { column: 'response', equals: 'CR' },
  },
  columns: [
    {
      kind: 'number',
      column: 'ecog',
      table: 'measurement',
      concept: C.ecog.concept_id,
      unit: null,
      windowDays: 14,
      plausible: [0, 4],
    },
    {
      kind: 'number',
      column: 'wbc',
      table: 'measurement',
      concept: C.wbc.concept_id,
      unit: C.e9l.concept_id,
      windowDays: 7,
      plausible: [0, 500],
    },
    {
      kind: 'number',
      column: 'hb',
      table: 'measurement',
      concept: C.hb.concept_id,
      unit: C.gdl.concept_id,
      conversions: [{ unit: C.gl.concept_id, factor: 0.1 }],
      windowDays: 7,
      plausible: [2, 25],
    },
    {
      kind: 'number',
      column: 'platelets',
      table: 'measurement',
      concept: C.plt.concept_id,
      unit: C.e9l.concept_id,
      windowDays: 7,
      plausible: [0, 2000],
    },
    {
      kind: 'number',
      column: 'ldh',
      table: 'measurement',
      concept: C.ldh.concept_id,
      unit: C.ul.concept_id,
      windowDays: 7,
      plausible: [0, 20000],
    },
    {
      kind: 'number',
      column: 'bm_blasts',
      table: 'measurement',
      concept: bm.concept_id,
      unit: C.pct.concept_id,
      windowDays: 14,
      plausible: [0, 100],
    },
    {
      kind: 'number',
      column: 'pb_blasts',
      table: 'measurement',
      concept: pb.concept_id,
      unit: C.pct.concept_id,
      windowDays: 7,
      plausible: [0, 100],
    },
    ...Object.entries(cyto).map(([k, c]) => flag(k, c)),
    ...Object.entries(genes).map(([k, c]) => flag(k, c)),
    {
      kind: 'category',
      column: 'eln2022',
      table: 'observation',
      by: 'value',
      concept: eln.concept_id,
      levels: Object.fromEntries(Object.entries(elnLevels).map(([k, c]) => [k, c.concept_id])),
    },
    {
      kind: 'category',
      column: 'treatment',
      table: 'drug_exposure',
      by: 'concept',
      levels: { intensive: cytarabine.concept_id, non_intensive: lowIntensity.concept_id },
      placeDays: [1, 3],
    },
    {
      kind: 'flag',
      column: 'hsct',
      table: 'procedure_occurrence',
      concept: hsct.concept_id,
      placeDays: [90, 240],
    },
    {
      kind: 'category',
      column: 'response',
      table: 'observation',
      by: 'value',
      concept: response.concept_id,
      levels: Object.fromEntries(Object.entries(responseLevels).map(([k, c]) => [k, c.concept_id])),
      placeDays: [28, 42],
    },
    {
      kind: 'event',
      table: 'episode',
      concept: C.remission.concept_id,
      days: 'cr_days',
      objectConcept: C.aml.concept_id,
    },
    {
      kind: 'event',
      table: 'episode',
      concept: C.recurrence.concept_id,
      flag: 'relapse',
      days: 'relapse_days',
      objectConcept: C.aml.concept_id,
    },
  ],
  typeConcept: C.ehr.concept_id,
  episodeEventField: C.conditionField.concept_id,
  concepts: [
    ...Object.values(C).filter((c) => ![].includes(c)),
    bm,
    pb,
    cytarabine,
    lowIntensity,
    hsct,
    eln,
    ...Object.values(elnLevels),
    response,
    ...Object.values(responseLevels),
    ...Object.values(cyto),
    ...Object.values(genes),
  ],
};
// The AML mapping lists only what it uses.
const amlUsed = new Set(
  JSON.stringify(aml.columns)
    .match(/\d{4,}/g)
    .map(Number),
);
for (const id of [C.aml, C.ehr, C.male, C.female, C.conditionField]) amlUsed.add(id.concept_id);
aml.concepts = aml.concepts.filter((c) => amlUsed.has(c.concept_id));

// SCD (enrolment cohort): observation runs from birth (newborn screening), the index is enrolment.
const scd = local('Sickle cell disease registry enrolment', 'Observation', 'scd_enrolment');
const genotype = local('Sickle cell disease genotype', 'Measurement', 'scd_genotype');
const genotypes = Object.fromEntries(
  ['HbSS', 'HbSC', 'HbSb+', 'HbSb0'].map((g) => [g, local(`Genotype ${g}`, 'Meas Value', g)]),
);
const hbf = local('Hemoglobin F/Hemoglobin.total in Blood (LOINC 4576-3)', 'Measurement', 'hbf');
const retic = local('Reticulocytes/100 erythrocytes in Blood (LOINC 4679-7)', 'Measurement', 'retic');
const hydroxyurea = local('Hydroxyurea (RxNorm ingredient 5552)', 'Drug', 'hydroxyurea');
const transfusion = local('Chronic red cell transfusion programme', 'Procedure', 'chronic_transfusion');
const painCrisis = local(
  'Sickle cell crisis with pain (vaso-occlusive crisis)',
  'Condition',
  'vaso_occlusive_crisis',
);
const acs = local('Acute chest syndrome in sickle cell disease', 'Condition', 'acute_chest_syndrome');
const stroke = local('Overt stroke in sickle cell disease', 'Condition', 'stroke');

const scdMapping = {
  version: 1,
  name: 'scd',
  cohort: 'scd',
  id: { column: 'patient_id', prefix: 'SYN-SCD-' },
  index: { table: 'observation', concept: scd.concept_id },
  indexDates: ['2012-01-01', '2021-12-31'],
  observationStart: 'birth',
  person: {
    age: { column: 'age', decimals: 1 },
    sex: { column: 'sex', levels: { female: C.female.concept_id, male: C.male.concept_id } },
    centre: 'centre',
  },
  survival: { time: 'fu_days', status: 'death' },
  columns: [
    {
      kind: 'category',
      column: 'genotype',
      table: 'measurement',
      by: 'value',
      concept: genotype.concept_id,
      levels: Object.fromEntries(Object.entries(genotypes).map(([k, c]) => [k, c.concept_id])),
    },
    {
      kind: 'number',
      column: 'hbf',
      table: 'measurement',
      concept: hbf.concept_id,
      unit: C.pct.concept_id,
      windowDays: 30,
      plausible: [0, 100],
    },
    {
      kind: 'number',
      column: 'hb',
      table: 'measurement',
      concept: C.hb.concept_id,
      unit: C.gdl.concept_id,
      conversions: [{ unit: C.gl.concept_id, factor: 0.1 }],
      windowDays: 30,
      plausible: [2, 20],
    },
    {
      kind: 'number',
      column: 'retic',
      table: 'measurement',
      concept: retic.concept_id,
      unit: C.pct.concept_id,
      windowDays: 30,
      plausible: [0, 60],
    },
    {
      kind: 'number',
      column: 'ldh',
      table: 'measurement',
      concept: C.ldh.concept_id,
      unit: C.ul.concept_id,
      windowDays: 30,
      plausible: [0, 20000],
    },
    { kind: 'flag', column: 'hydroxyurea', table: 'drug_exposure', concept: hydroxyurea.concept_id },
    {
      kind: 'count',
      column: 'pain_crises_3y',
      table: 'condition_occurrence',
      concept: painCrisis.concept_id,
      window: [-1095, -1],
    },
    {
      kind: 'count',
      column: 'acs_3y',
      table: 'condition_occurrence',
      concept: acs.concept_id,
      window: [-1095, -1],
    },
    {
      kind: 'event',
      table: 'condition_occurrence',
      concept: stroke.concept_id,
      flag: 'stroke',
      ageYears: { column: 'stroke_age', decimals: 1 },
    },
    {
      kind: 'flag',
      column: 'chronic_transfusion',
      table: 'procedure_occurrence',
      concept: transfusion.concept_id,
    },
  ],
  typeConcept: C.ehr.concept_id,
  concepts: [
    C.male,
    C.female,
    C.ehr,
    C.gdl,
    C.gl,
    C.ul,
    C.pct,
    C.hb,
    C.ldh,
    scd,
    genotype,
    ...Object.values(genotypes),
    hbf,
    retic,
    hydroxyurea,
    transfusion,
    painCrisis,
    acs,
    stroke,
  ],
};

const out = new URL('../../src/interop/omop/mappings/', import.meta.url);
writeFileSync(new URL('aml.json', out), `${JSON.stringify(aml, null, 2)}\n`);
writeFileSync(new URL('scd.json', out), `${JSON.stringify(scdMapping, null, 2)}\n`);
