/**
 * The published figures the AML simulator is built to reproduce, declared once so that the
 * simulator, its tests and `docs/simulators.md` read the same numbers. Unless noted, figures are
 * from AMLSG (Papaemmanuil et al., NEJM 2016; doi:10.1056/NEJMoa1516192), computed from the
 * study's public data, as summarised in `domain/aml.md`.
 */

/** Gene mutation frequencies, fraction of patients (AMLSG). */
export const AML_MUTATION_TARGETS = {
  npm1: 0.283,
  flt3_itd: 0.221,
  dnmt3a: 0.216,
  nras: 0.171,
  idh2: 0.095,
  tet2: 0.086,
  cebpa: 0.084,
  cebpa_bi: 0.047,
  runx1: 0.082,
  flt3_tkd: 0.079,
  ptpn11: 0.076,
  idh1: 0.068,
  tp53: 0.062,
  srsf2: 0.056,
  kmt2a_ptd: 0.051,
  wt1: 0.049,
  kras: 0.044,
  asxl1: 0.04,
  stag2: 0.039,
  kit: 0.037,
  ezh2: 0.027,
  rad21: 0.025,
  sf3b1: 0.023,
  bcor: 0.023,
  u2af1: 0.023,
  nf1: 0.021,
  phf6: 0.02,
  gata2: 0.02,
  cbl: 0.019,
  etv6: 0.012,
  zrsr2: 0.008,
} as const;

export type AmlGene = keyof typeof AML_MUTATION_TARGETS;
export const AML_GENES = Object.keys(AML_MUTATION_TARGETS) as AmlGene[];
/** Genes counted in "mutations per patient": every gene once (CEBPA any, not its biallelic flag). */
export const AML_COUNTED_GENES = AML_GENES.filter((g) => g !== 'cebpa_bi');

/**
 * Recurrent balanced rearrangements: mutually exclusive primary events (AMLSG). AMLSG lists
 * t(v;11) 2.6 % beside t(9;11) 1.2 %; we read t(v;11) as including t(9;11), so KMT2A
 * rearrangements other than t(9;11) get 1.4 % (an assumption).
 */
export const AML_PRIMARY_TARGETS = {
  cyto_t15_17: 0.046,
  cyto_t8_21: 0.044,
  cyto_inv16: 0.058,
  cyto_t9_11: 0.012,
  cyto_kmt2a_other: 0.014,
  cyto_t6_9: 0.011,
  cyto_inv3: 0.016,
  cyto_t9_22: 0.001,
} as const;

/** Other karyotype flags (AMLSG). */
export const AML_KARYOTYPE_TARGETS = {
  cyto_normal: 0.479,
  cyto_complex: 0.112,
  cyto_plus8: 0.101,
  cyto_del5q: 0.07,
  cyto_minus7: 0.057,
  cyto_del17p: 0.052,
} as const;

export const AML_CYTOGENETIC_TARGETS = { ...AML_PRIMARY_TARGETS, ...AML_KARYOTYPE_TARGETS } as const;
export type AmlCytogenetic = keyof typeof AML_CYTOGENETIC_TARGETS;
export const AML_CYTOGENETICS = [
  'cyto_normal',
  'cyto_complex',
  ...Object.keys(AML_PRIMARY_TARGETS),
  'cyto_del5q',
  'cyto_minus7',
  'cyto_del17p',
  'cyto_plus8',
] as AmlCytogenetic[];

/** Pairwise Fisher odds ratios (AMLSG, computed): the co-mutation structure to reproduce. */
export const AML_COMUTATION_TARGETS: ReadonlyArray<readonly [string, string, number]> = [
  ['npm1', 'dnmt3a', 9.4],
  ['npm1', 'flt3_itd', 3.5],
  ['dnmt3a', 'flt3_itd', 2.3],
  ['npm1', 'ptpn11', 3.7],
  ['npm1', 'idh1', 3.5],
  ['dnmt3a', 'idh1', 3.4],
  ['dnmt3a', 'idh2', 3.1],
  ['tp53', 'cyto_complex', 61],
  ['tp53', 'cyto_del5q', 52],
  ['tp53', 'cyto_del17p', 45],
  ['runx1', 'srsf2', 8.5],
  ['srsf2', 'stag2', 5.9],
  ['asxl1', 'srsf2', 5.8],
  ['runx1', 'asxl1', 4.4],
  ['cebpa_bi', 'gata2', 20],
  ['cyto_t8_21', 'kit', 20],
  ['cyto_inv16', 'kit', 5.3],
  ['cyto_inv16', 'nras', 6.6],
  ['flt3_itd', 'wt1', 2.2],
  ['npm1', 'runx1', 0.09],
  ['npm1', 'asxl1', 0.13],
  ['npm1', 'tp53', 0.08],
  ['npm1', 'cebpa_bi', 0.07],
  ['npm1', 'cyto_complex', 0.06],
  ['idh2', 'tet2', 0.07],
  ['idh1', 'tet2', 0.3],
  ['flt3_itd', 'nras', 0.26],
  ['tp53', 'flt3_itd', 0.14],
];

/** Share of patients with NPM1, DNMT3A and FLT3-ITD together (AMLSG). */
export const AML_TRIPLE_NPM1_DNMT3A_ITD = 0.058;

/** Mutations per patient over the 30 genes: P(0), P(1), …, P(5), P(≥6) (AMLSG). */
export const AML_MUTATIONS_PER_PATIENT = [0.134, 0.266, 0.244, 0.208, 0.104, 0.033, 0.012] as const;

/** Missing at diagnosis, fraction of patients (AMLSG). */
export const AML_MISSING_TARGETS = { ldh: 0.025, bm_blasts: 0.078, pb_blasts: 0.085, ecog: 0.11 } as const;

/** ELN 2022 shares in AMLSG (approximate coding); the remaining ≈4 % are APL, not classified. */
export const AML_ELN_SHARE_TARGETS = { favourable: 0.3, intermediate: 0.32, adverse: 0.34 } as const;
